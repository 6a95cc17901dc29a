package io.taskgovernor.testing;

/**
 * X-Opaque-Id values shaped as Kibana 8.x/9.x writes them.
 *
 * <p>Source: Kibana's {@code ExecutionContextService.getAsHeader} writes
 * {@code <request id or "unknownId">;kibana:<context>}, where {@code ExecutionContextContainer} stringifies each
 * context as {@code encodeURIComponent(type):encodeURIComponent(name):encodeURIComponent(id)} and joins a child
 * context with {@code ;}. Task manager runs every background task in the context
 * {@code {type: "task manager", name: "run <task type>", id: <task id>}}; an alerting rule adds the child
 * {@code {type: "alert", name: "execute <rule type id>", id: <rule id>}}; reporting's task type is
 * {@code report:execute}; the browser sets {@code {type: "application", name: "dashboards" | "discover", id}} with the
 * panel (Lens, visualization) as child. Request ids are Kibana's UUIDs; background work has none ("unknownId").
 */
public final class KibanaOpaqueIds {
    private KibanaOpaqueIds() {}

    public static final String ALERTING_ES_QUERY_RULE =
            "unknownId;kibana:task%20manager:run%20alerting%3A.es-query:5f3a3c2e-9a1b-4a57-8c3d-0e3f4b5a6c7d"
                    + ";alert:execute%20.es-query:9b1c0f0e-2d4f-4a3b-9e8d-7c6b5a4f3e2d";
    public static final String ALERTING_INDEX_THRESHOLD_RULE =
            "unknownId;kibana:task%20manager:run%20alerting%3A.index-threshold:1";
    public static final String REPORTING_CSV_EXPORT =
            "unknownId;kibana:task%20manager:run%20report%3Aexecute:b2c9f3a0-1e2d-4c5b-8a79-6f5e4d3c2b1a";
    public static final String DASHBOARD_LENS_PANEL =
            "c8ab8a5c-2f1e-4a8b-9d3c-7e6f5a4b3c2d;kibana:application:dashboards:edf84fe0-e1a0-11e7-b6d5-4dc382ef7f5b"
                    + ";lens:lnsXY:cb099a20-ea66-11eb-9425-113343a037e3";
    public static final String DISCOVER_SAVED_SEARCH =
            "0d7c5a3e-8b2f-4e61-9c4d-3a2b1f0e9d8c;kibana:application:discover:571aaf70-4c88-11e8-b3d7-01146121b73d";
    /** A dashboard whose title-like id holds characters Kibana URI-encodes (space, colon, semicolon). */
    public static final String DASHBOARD_WITH_ENCODED_ID =
            "unknownId;kibana:application:dashboards:ops%3A%20alerting%20%3B%20overview";

    /**
     * The same id under a request id of its own (the part before ';', which Kibana sets per request): ITs share a
     * node, and a task another class cancelled lingers there with the same Kibana part (a cancelled health wait
     * runs until its own timeout), so each test finds its own tasks by this id.
     */
    public static String ownRequest(String opaqueId) {
        return java.util.UUID.randomUUID() + opaqueId.substring(opaqueId.indexOf(';'));
    }
}
