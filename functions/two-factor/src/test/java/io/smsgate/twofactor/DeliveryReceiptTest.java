package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End User Messaging's SMS events, read into a receipt or refused with a reason; the number never kept. */
class DeliveryReceiptTest {
    private static final String EVENT = """
            {"eventType":"TEXT_DELIVERED","eventVersion":"1.0","eventTimestamp":1764064803470,"isFinal":true,
             "originationPhoneNumber":"+447700900000","destinationPhoneNumber":"+447700900123","isInternationalSend":false,
             "mcc":"234","mnc":"15","messageId":"862a8790-60c0-4430-9b2b-658bdexample","messageStatus":"DELIVERED",
             "context":{"verificationId":"sampleVerification0001"},"totalMessageParts":1}""";

    private static ObjectNode event() {
        return (ObjectNode) Json.tree(EVENT);
    }

    private static DeliveryReceipt.Parsed parse(Object event) {
        return DeliveryReceipt.parse(event.toString(), true);
    }

    @Test
    void aCodesReceiptKeepsItsStateMessageCountryAndVerificationButNotTheNumber() {
        DeliveryReceipt receipt = ((DeliveryReceipt.Parsed.Receipt) parse(EVENT)).receipt();
        assertThat(receipt).isEqualTo(new DeliveryReceipt("DELIVERED", true, Instant.ofEpochMilli(1764064803470L),
                "862a8790-60c0-4430-9b2b-658bdexample", "GB", "sampleVerification0001"));
        assertThat(receipt.code()).isTrue();
        assertThat(receipt.toString()).doesNotContain("7700900123");
    }

    @Test
    void aReplysReceiptHasNoVerificationAndTheEventsCountryComesFirst() {
        ObjectNode reply = event();
        reply.putObject("context").put("requestId", "PolicyDenial#in-1");
        reply.put("isoCountryCode", "gg");
        DeliveryReceipt receipt = ((DeliveryReceipt.Parsed.Receipt) parse(reply)).receipt();
        assertThat(receipt.code()).isFalse();
        assertThat(receipt.country()).isEqualTo("GG");
    }

    @Test
    void withoutIsFinalOnlyQueuedAndPendingAreInterim() {
        ObjectNode pending = event().put("eventType", "TEXT_PENDING");
        pending.remove("isFinal");
        assertThat(((DeliveryReceipt.Parsed.Receipt) parse(pending)).receipt().isFinal()).isFalse();
        ObjectNode blocked = event().put("eventType", "TEXT_BLOCKED");
        blocked.remove("isFinal");
        assertThat(((DeliveryReceipt.Parsed.Receipt) parse(blocked)).receipt().isFinal()).isTrue();
    }

    @Test
    void aDestinationNoCountryKnowsCountsAsZz() {
        ObjectNode unknown = event().put("destinationPhoneNumber", "+999");
        assertThat(((DeliveryReceipt.Parsed.Receipt) parse(unknown)).receipt().country()).isEqualTo(DeliveryReceipt.NO_COUNTRY);
        assertThat(((DeliveryReceipt.Parsed.Receipt) DeliveryReceipt.parse(EVENT, false)).receipt().country())
                .as("the drama range is no country's unless the deployment allows fictional numbers").isEqualTo("ZZ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                         | MALFORMED_JSON",
            "[1,2]                                            | MALFORMED_JSON",
            "{\"messageId\":\"m\",\"eventTimestamp\":1}       | MISSING_FIELD",
            "{\"eventType\":\"VOICE_COMPLETED\"}              | UNKNOWN_EVENT_TYPE",
            "{\"eventType\":\"TEXT_TELEPATHY\"}               | UNKNOWN_EVENT_TYPE",
            "{\"eventType\":\"TEXT_DELIVERED\",\"eventTimestamp\":1} | MISSING_FIELD",
            "{\"eventType\":\"TEXT_DELIVERED\",\"messageId\":\"a b\",\"eventTimestamp\":1} | INVALID_MESSAGE_ID",
            "{\"eventType\":\"TEXT_DELIVERED\",\"messageId\":\"m\"} | MISSING_FIELD",
            "{\"eventType\":\"TEXT_DELIVERED\",\"messageId\":\"m\",\"eventTimestamp\":\"soon\"} | MISSING_FIELD",
            "{\"eventType\":\"TEXT_DELIVERED\",\"messageId\":\"m\",\"eventTimestamp\":1,\"context\":{\"verificationId\":\"V#x\"}} | INVALID_CONTEXT",
            "{\"eventType\":\"TEXT_DELIVERED\",\"messageId\":\"m\",\"eventTimestamp\":1,\"context\":{\"verificationId\":7}} | INVALID_CONTEXT"})
    void whatIsNotAReceiptIsRefusedWithItsReason(String event, DeliveryReceipt.Reason reason) {
        assertThat(parse(event.strip())).isInstanceOfSatisfying(DeliveryReceipt.Parsed.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(reason));
    }
}
