package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import java.time.Instant;

/**
 * DeliveryReceiptFunction's SnapStart priming, without recording anything: the SNS event and a
 * receipt's parsing, then the adapter's own receipt path for a verification that cannot exist (the
 * reserved priming id, under the {@code V#} prefix its role may touch). That path is the first
 * invocation's: a conditional UpdateItem that DynamoDB refuses (no item has the message id), then the
 * GetItem that tells "out of order" from "not current". Nothing is written, and no metric is counted,
 * since the service (which counts) is not called.
 */
final class DeliveryReceiptPriming {
    private static final String RECEIPT = """
            {"eventType":"TEXT_DELIVERED","eventVersion":"1.0","eventTimestamp":1764583200000,"isFinal":true,\
            "destinationPhoneNumber":"+447700900123","messageId":"priming","context":{"verificationId":"priming"}}""";

    private DeliveryReceiptPriming() {
    }

    static void register(Verifications verifications) {
        Priming.register("delivery events parsing", parsing());
        Priming.register("delivery receipt AWS calls", awsCalls(verifications));
    }

    /** The SNS event and a receipt's JSON. */
    static Runnable parsing() {
        return () -> {
            EventPriming.sns();
            DeliveryReceipt.parse(RECEIPT, true);
        };
    }

    /** The receipt path for the reserved id: refused, then found missing; anything else means the id exists. */
    static Runnable awsCalls(Verifications verifications) {
        return () -> {
            Verifications.Delivery delivery = verifications.recordReceipt(AwsPriming.RESERVED_KEY, "priming", "TEXT_DELIVERED",
                    true, Instant.EPOCH);
            if (delivery != Verifications.Delivery.NOT_CURRENT) {
                throw new IllegalStateException("the reserved priming verification exists: " + delivery);
            }
        };
    }
}
