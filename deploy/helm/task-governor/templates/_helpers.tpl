{{/* The release's full name: the release name when it already contains the chart's, else "<release>-<chart>". */}}
{{- define "task-governor.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Selector labels: app.kubernetes.io/name is the full name, so two releases (shards) never select each other's pods. */}}
{{- define "task-governor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "task-governor.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "task-governor.labels" -}}
{{ include "task-governor.selectorLabels" . }}
app.kubernetes.io/part-of: task-governor
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "task-governor.serviceAccountName" -}}
{{- default (include "task-governor.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "task-governor.leaseName" -}}
{{- default (printf "%s-leader" (include "task-governor.fullname" .)) .Values.leaderElection.leaseName -}}
{{- end -}}

{{/*
The operator's rules, the same as deploy/rbac.yaml's ClusterRole (HelmChartTest compares them):
read TaskPolicies and ClusterTaskPolicies, write only their status, list and watch the Secrets policies name (always asked
for by name), write Events.
*/}}
{{- define "task-governor.rules" -}}
- apiGroups: ["taskgovernor.io"]
  resources: ["taskpolicies", "clustertaskpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["taskgovernor.io"]
  resources: ["taskpolicies/status", "clustertaskpolicies/status"]
  verbs: ["update", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch"]
- apiGroups: ["elasticsearch.k8s.elastic.co"]
  resources: ["elasticsearches"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "update", "patch"]
{{- end -}}
