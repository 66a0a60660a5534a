package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    @Test
    void theCanonicalFormOfAnApprovedCommandIsPinned() {
        ApprovedCommand command = new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, "m-1", CommandName.POST, "GB",
                new SealedNumber("key", "v2.sealed"), "+12065550100", "v2.text", Instant.parse("2026-11-25T10:00:00Z"),
                "GB", PostingAuth.PIN, SimSwapCheck.OFF, 240, 5, Instant.parse("2026-11-25T10:00:01.5Z"));
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(command);
        node.put("mac", "v1.anything");
        // A change here changes every MAC: producers and consumers of one deployment must agree on it.
        assertThat(CanonicalJson.of(node)).isEqualTo("{\"approvedAt\":\"2026-11-25T10:00:01.500Z\",\"command\":\"POST\","
                + "\"country\":\"GB\",\"destinationNumber\":\"+12065550100\",\"inboundMessageId\":\"m-1\","
                + "\"maxPostsPerHourPerAccount\":5,\"policyScope\":\"GB\",\"postingAuth\":\"PIN\","
                + "\"receivedAt\":\"2026-11-25T10:00:00Z\",\"sealedText\":\"v2.text\",\"sender\":{\"key\":\"key\",\"sealed\":\"v2.sealed\"},"
                + "\"simSwapCheck\":\"OFF\",\"simSwapMaxAgeHours\":240,\"type\":\"ApprovedCommand\",\"version\":1}");
    }

    @Test
    void escapesAndNestingAreWrittenOneWay() {
        JsonNode node = Json.tree("{ \"b\" : [ 1, {\"z\":null, \"a\":\"é\\\"\\n\"} ], \"a\": true, \"mac\": 3,"
                + " \"n\": {\"mac\": \"kept: only the top-level mac is left out\"} }");
        assertThat(CanonicalJson.of(node)).isEqualTo("{\"a\":true,\"b\":[1,{\"a\":\"é\\\"\\n\",\"z\":null}],"
                + "\"n\":{\"mac\":\"kept: only the top-level mac is left out\"}}");
    }

    @Test
    void onlyAnObjectIsAMessage() {
        assertThatThrownBy(() -> CanonicalJson.of(Json.tree("[1]"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void theFormDoesNotDependOnFieldOrderNorOnTheMac(@ForAll @Size(max = 8) Map<@StringLength(max = 6) String,
            @StringLength(max = 10) String> fields, @ForAll @StringLength(max = 20) String mac) {
        List<String> names = new ArrayList<>(fields.keySet());
        ObjectNode forward = Json.mapper().createObjectNode();
        names.forEach(name -> forward.put(name, fields.get(name)));
        Collections.reverse(names);
        ObjectNode backward = Json.mapper().createObjectNode();
        backward.put("mac", mac);
        names.forEach(name -> backward.put(name, fields.get(name)));
        String canonical = CanonicalJson.of(forward);
        assertThat(CanonicalJson.of(backward)).isEqualTo(canonical);
        // It is JSON, and reads back to the same fields (the mac left out).
        ObjectNode expected = forward.deepCopy();
        expected.remove("mac");
        assertThat(Json.tree(canonical)).isEqualTo(expected);
    }
}
