package io.smsgate.twofactor;

import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.port.Metrics;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendSmsFunction's provider: every code End User Messaging accepted ({@link SmsProvider.OutgoingSms#converts()})
 * is counted as sent for the pumping guard, for its number's prefix and country. Counting happens after
 * the hand-over and never fails it: a counting fault is logged and counted, and the text stays sent.
 */
final class ConversionCountingSmsProvider implements SmsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ConversionCountingSmsProvider.class);

    private final SmsProvider provider;
    private final PumpingGuard guard;
    private final Metrics metrics;
    private final Clock clock;

    ConversionCountingSmsProvider(SmsProvider provider, PumpingGuard guard, Metrics metrics, Clock clock) {
        this.provider = provider;
        this.guard = guard;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Result send(OutgoingSms sms) {
        Result result = provider.send(sms);
        if (sms.converts() && result instanceof Result.Sent) {
            try {
                guard.sent(PhoneNumbers.trusted(sms.destination()), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("code sent, but counting it for the pumping guard failed: {}", e.getClass().getSimpleName());
                metrics.count("ConversionCountFailed", Map.of("Outcome", "SENT"));
            }
        }
        return result;
    }

    @Override
    public void confirmReceived(String messageId) {
        provider.confirmReceived(messageId);
    }
}
