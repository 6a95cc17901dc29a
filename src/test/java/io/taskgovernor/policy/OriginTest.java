package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.policy.Origin.Context;
import io.taskgovernor.testing.KibanaOpaqueIds;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginTest {
    @Test
    void aDashboardPanelIsTheDashboardWithItsPanelAsChild() {
        Origin origin = Origin.parse(KibanaOpaqueIds.DASHBOARD_LENS_PANEL).orElseThrow();

        assertThat(origin.application()).isEqualTo("kibana");
        assertThat(origin.requestId()).isEqualTo("c8ab8a5c-2f1e-4a8b-9d3c-7e6f5a4b3c2d");
        assertThat(origin.contexts()).containsExactly(
                new Context("application", "dashboards", "edf84fe0-e1a0-11e7-b6d5-4dc382ef7f5b"),
                new Context("lens", "lnsXY", "cb099a20-ea66-11eb-9425-113343a037e3"));
        assertThat(origin.text()).isEqualTo("kibana:application:dashboards:edf84fe0-e1a0-11e7-b6d5-4dc382ef7f5b"
                + ";lens:lnsXY:cb099a20-ea66-11eb-9425-113343a037e3");
    }

    @Test
    void partsAreUriDecodedSoPatternsAreWrittenAsPeopleReadThem() {
        Origin alerting = Origin.parse(KibanaOpaqueIds.ALERTING_ES_QUERY_RULE).orElseThrow();
        assertThat(alerting.requestId()).isEqualTo("unknownId");
        assertThat(alerting.source()).isEqualTo(new Context("task manager", "run alerting:.es-query",
                "5f3a3c2e-9a1b-4a57-8c3d-0e3f4b5a6c7d"));
        assertThat(alerting.contexts().get(1).name()).isEqualTo("execute .es-query");

        assertThat(Origin.parse(KibanaOpaqueIds.DASHBOARD_WITH_ENCODED_ID).orElseThrow().source().id())
                .isEqualTo("ops: alerting ; overview");
        // encodeURIComponent writes non-ASCII as UTF-8 escapes (Kibana's own test values), and leaves no '+'.
        assertThat(Origin.parse("unknownId;kibana:test%E2%98%BAtype:test%E6%BC%A2name:a+b").orElseThrow().source())
                .isEqualTo(new Context("test☺type", "test漢name", "a+b"));
    }

    @Test
    void emptyNameAndIdAreKeptAsKibanaWritesThemForUnsetFields() {
        assertThat(Origin.parse("unknownId;kibana:application::").orElseThrow().source())
                .isEqualTo(new Context("application", "", ""));
    }

    @Test
    void aMalformedChildEndsTheChainAndKeepsWhatCameBefore() {
        // Kibana cuts the context part at 1,024 characters, possibly inside an escape or a part.
        assertThat(Origin.parse("r1;kibana:application:dashboards:d1;lens:lnsXY:cb0%2").orElseThrow().contexts())
                .containsExactly(new Context("application", "dashboards", "d1"));
        assertThat(Origin.parse("r1;kibana:application:dashboards:d1;lens:lns").orElseThrow().contexts())
                .hasSize(1);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", "unknownId", "grafana-panel-7", "task-governor/list", "my-app;request=42",
            ";kibana:application:discover:x",                // no request id
            "r1;kibana:application:discover",                // two parts
            "r1;kibana:application:discover:x:y",            // four parts
            "r1;kibana::discover:x",                         // no type
            "r1;kibana:applic%ZZation:discover:x",           // bad escape
            "r1;kibana:application:discover:x%",             // cut escape
            "a;b;kibana:application:discover:x",             // ';' in what would be the request id
            "r1;kibanaX:application:discover:x",
            "r1;KIBANA:application:discover:x"})
    void foreignOrMalformedIdsHaveNoOriginAndNeverThrow(String opaqueId) {
        assertThat(Origin.parse(opaqueId)).isEmpty();
    }

    @Test
    void everyCutOfARealIdParsesOrYieldsNothingWithoutThrowing() {
        String id = KibanaOpaqueIds.ALERTING_ES_QUERY_RULE;
        for (int end = 0; end <= id.length(); end++) {
            String cut = id.substring(0, end);
            Origin.parse(cut).ifPresent(o -> assertThat(o.text()).startsWith("kibana:"));
        }
        assertThat(Origin.parse(id).orElseThrow().contexts()).hasSize(2);
        assertThat(List.of(Origin.parse(id.substring(0, id.length() - 40)).orElseThrow().contexts().size())).containsExactly(1);
    }
}
