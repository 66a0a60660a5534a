package io.smsgate.twofactor;

import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.Metrics;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeliveryReceiptFunction's work: one End User Messaging delivery event at a time. Every receipt is
 * counted ({@code DeliveryReceipt}, by kind, country and state); a code's receipt is recorded on its
 * verification (by the verification id the send put in the message's context, and only if the message
 * id is that verification's latest code, so neither a receipt for a replaced code nor a forged id can
 * touch it); a reply's receipt is counted and nothing is stored. An event that is not a receipt is
 * logged with its reason and counted ({@code DeliveryReceiptRejected}); nothing is thrown for it.
 */
final class DeliveryReceiptService {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReceiptService.class);

    private final Verifications verifications;
    private final boolean allowFictionalNumbers;
    private final Metrics metrics;

    DeliveryReceiptService(Verifications verifications, boolean allowFictionalNumbers, Metrics metrics) {
        this.verifications = verifications;
        this.allowFictionalNumbers = allowFictionalNumbers;
        this.metrics = metrics;
    }

    /** What became of one event. */
    sealed interface Outcome {
        /** A code's receipt; {@code delivery}: whether it is now the verification's delivery state. */
        record Code(DeliveryReceipt receipt, Verifications.Delivery delivery) implements Outcome {
        }

        /** A reply's receipt: counted only. */
        record Reply(DeliveryReceipt receipt) implements Outcome {
        }

        record Rejected(DeliveryReceipt.Reason reason) implements Outcome {
        }
    }

    /** {@code snsMessageId} names the event in the log when its content cannot. */
    Outcome handle(String snsMessageId, String message) {
        DeliveryReceipt.Parsed parsed = DeliveryReceipt.parse(message, allowFictionalNumbers);
        if (parsed instanceof DeliveryReceipt.Parsed.Invalid invalid) {
            LOG.warn("delivery event rejected: reason={} detail={} snsMessageId={}", invalid.reason(), invalid.detail(), snsMessageId);
            metrics.count("DeliveryReceiptRejected", "Reason", invalid.reason().name());
            return new Outcome.Rejected(invalid.reason());
        }
        DeliveryReceipt receipt = ((DeliveryReceipt.Parsed.Receipt) parsed).receipt();
        metrics.count("DeliveryReceipt", Map.of("Kind", receipt.code() ? "CODE" : "TEXT", "Country", receipt.country(),
                "Status", receipt.status()));
        if (!receipt.code()) {
            LOG.info("delivery receipt for a reply: {} ({}) in {}, message {}: counted", receipt.status(),
                    receipt.isFinal() ? "final" : "interim", receipt.country(), receipt.messageId());
            return new Outcome.Reply(receipt);
        }
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, receipt.verificationId())) {
            Verifications.Delivery delivery = verifications.recordReceipt(receipt.verificationId(), receipt.messageId(),
                    receipt.status(), receipt.isFinal(), receipt.reportedAt());
            LOG.info("delivery receipt for a code: {} ({}) in {}, message {}: {}", receipt.status(),
                    receipt.isFinal() ? "final" : "interim", receipt.country(), receipt.messageId(), delivery);
            return new Outcome.Code(receipt, delivery);
        }
    }
}
