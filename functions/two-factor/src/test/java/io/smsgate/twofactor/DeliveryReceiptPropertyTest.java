package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Delivery events are outside text: any string is a receipt or a refusal, never an exception, and never keeps a number. */
class DeliveryReceiptPropertyTest {
    @Property(tries = 2000)
    void anyStringIsAReceiptOrARefusal(@ForAll String message) {
        assertThat(DeliveryReceipt.parse(message, true)).isNotNull();
    }

    @Property(tries = 500)
    void aRefusalNeverQuotesTheEventsText(@ForAll("numberTypes") String eventType) {
        DeliveryReceipt.Parsed parsed = DeliveryReceipt.parse("{\"eventType\":\"" + eventType + "\"}", true);
        assertThat(parsed).isInstanceOfSatisfying(DeliveryReceipt.Parsed.Invalid.class,
                invalid -> assertThat(invalid.detail()).doesNotContain("7700900123"));
    }

    @Provide
    Arbitrary<String> numberTypes() {
        return Arbitraries.strings().alpha().ofMaxLength(12).map(s -> "TEXT_" + s + "+447700900123");
    }

    @Property(tries = 1000)
    void anyEventShapedObjectIsAReceiptOrARefusalAndTheNumberIsNotInIt(@ForAll("events") String message) {
        DeliveryReceipt.Parsed parsed = DeliveryReceipt.parse(message, true);
        assertThat(parsed).isNotNull();
        if (parsed instanceof DeliveryReceipt.Parsed.Receipt receipt) {
            assertThat(receipt.receipt().toString()).doesNotContain("7700900123");
            assertThat(receipt.receipt().country()).matches("[A-Z]{2}");
        }
    }

    @Provide
    Arbitrary<String> events() {
        Arbitrary<Object> anything = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.of(true, false, "").map(b -> (Object) b));
        Arbitrary<String> types = Arbitraries.oneOf(Arbitraries.of(DeliveryReceipt.STATES).map(s -> "TEXT_" + s),
                Arbitraries.strings().ofMaxLength(60));
        return net.jqwik.api.Combinators.combine(types, anything, anything, anything, anything, anything).as((type, id, at, fin, dest, ctx) -> {
            ObjectNode event = Json.mapper().createObjectNode().put("eventType", type);
            event.set("messageId", Json.mapper().valueToTree(id));
            event.set("eventTimestamp", Json.mapper().valueToTree(at));
            event.set("isFinal", Json.mapper().valueToTree(fin));
            event.set("destinationPhoneNumber", Json.mapper().valueToTree(dest instanceof String ? "+447700900123" : dest));
            event.set("isoCountryCode", Json.mapper().valueToTree(dest));
            event.putObject("context").set("verificationId", Json.mapper().valueToTree(ctx));
            return event.toString();
        });
    }
}
