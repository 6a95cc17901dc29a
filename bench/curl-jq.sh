#!/usr/bin/env bash
# The "typical user loop" (curl | jq over _tasks) against the governor, on the same 100k-task answer
# served from a file by a local HTTP server. Prints a table of wall-clock times.
#
#   bash bench/curl-jq.sh            # from the repository root; builds what it needs
#   TASKS=10000 RUNS=10 bash bench/curl-jq.sh
#
# Called by `mvn -B -Pbench verify` with BENCH_CP set to the bench classpath.
set -euo pipefail
cd "$(dirname "$0")/.."

TASKS=${TASKS:-100000}
RUNS=${RUNS:-10}
MAX_NANOS=120000000000   # 2m, the typical policy's search limit

need() { command -v "$1" >/dev/null 2>&1; }
if ! need jq || ! need curl; then
  echo "installing jq and curl with apt-get ..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq jq curl >/dev/null
fi
need python3 || { echo "python3 is needed for the local HTTP server" >&2; exit 1; }

# Maven runs online: on a fresh clone the bench profile's plugins and JMH are not in ~/.m2 yet
# (add -o yourself through MAVEN_ARGS when they are and the network is not).
if [ -z "${BENCH_CP:-}" ]; then
  mvn -B -q ${MAVEN_ARGS:-} -Pbench package -DskipTests
  mvn -B -q ${MAVEN_ARGS:-} -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  BENCH_CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
fi
[ -f target/task-governor.jar ] || mvn -B -q ${MAVEN_ARGS:-} package -DskipTests

WORK=target/bench
mkdir -p "$WORK"
FILE=$WORK/tasks-$TASKS.json
java -cp "$BENCH_CP" io.taskgovernor.bench.TasksResponseGenerator "$TASKS" "$FILE" >/dev/null
BYTES=$(stat -c %s "$FILE")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/serve_tasks.py "$FILE" "$PORT" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -s -o /dev/null "$URL/" && break; sleep 0.1; done

JQ_FILTER='.nodes[].tasks | to_entries[] | select(.value.action|startswith("indices:data/read/search")) | select(.value.running_time_in_nanos > '$MAX_NANOS') | select(.value.parent_task_id == null) | .key'
curl_jq() { curl -s "$URL/_tasks?group_by=nodes&actions=indices:data/read/search*" | jq -r "$JQ_FILTER"; }

POLICY=$WORK/typical-policy.yaml
java -cp "$BENCH_CP" io.taskgovernor.bench.BenchPolicyFile "$POLICY"
cli() { java -jar target/task-governor.jar run --once --dry-run -o json -f "$POLICY" --es "$URL"; }
# What users get from scripts/task-governor: C1 only, the serial collector and an application class-data
# archive (target/task-governor.jsa), which the first (warm-up) run below records for this command.
launcher() { scripts/task-governor run --once --dry-run -o json -f "$POLICY" --es "$URL"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# median_ms CMD: runs CMD once to warm caches, then RUNS times, prints the median wall time in ms
median_ms() {
  "$@" >/dev/null
  local times=()
  for _ in $(seq "$RUNS"); do
    local start; start=$(now_ms)
    "$@" >/dev/null
    times+=($(( $(now_ms) - start )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

JQ_HITS=$(curl_jq | wc -l)
CURL_JQ_MS=$(median_ms curl_jq)
CURL_ONLY_MS=$(median_ms curl -s -o /dev/null "$URL/_tasks?group_by=nodes")
CLI_MS=$(median_ms cli)
CLI_DECISIONS=$(cli | wc -l)
rm -f target/task-governor.jsa
LAUNCHER_MS=$(median_ms launcher)
LAUNCHER_DECISIONS=$(launcher | wc -l)
WARM=$(java -cp "$BENCH_CP" io.taskgovernor.bench.ListAndDecide "$URL" 20 "$RUNS")
WARM_MS=$(sed -E 's/.*median_ms=([0-9]+).*/\1/' <<<"$WARM")

echo
echo "== curl | jq versus the governor: the same $TASKS-task answer ($BYTES bytes) from a local HTTP server; median of $RUNS runs"
printf '%-60s %10s %10s  %s\n' "command" "ms" "× curl|jq" "result"
row() { printf '%-60s %10s %10s  %s\n' "$1" "$2" "$(awk -v a="$2" -v b="$CURL_JQ_MS" 'BEGIN {printf "%.2f", a/b}')" "$3"; }
row "curl -s ... > /dev/null (transfer only)" "$CURL_ONLY_MS" ""
row "curl -s ... | jq -r '<search roots over 2m>'" "$CURL_JQ_MS" "$JQ_HITS task ids"
row "java -jar task-governor.jar run --once --dry-run (cold JVM)" "$CLI_MS" "$CLI_DECISIONS decision lines (maxPerRun 20)"
row "scripts/task-governor run --once --dry-run (cold JVM)" "$LAUNCHER_MS" "$LAUNCHER_DECISIONS decision lines; C1 only, serial GC, AppCDS archive"
row "governor tick in a warm JVM (list + TaskDecider.evaluate)" "$WARM_MS" "$WARM"
echo "jq filter: $JQ_FILTER"
echo "jq $(jq --version), curl $(curl --version | head -1 | cut -d' ' -f2), python3 http.server"
