package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import io.smsgate.shared.port.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import io.smsgate.shared.log.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendSmsFunction: batches from CodeSendQueue and TextSendQueue (OutboundSmsTopic's requests, by kind),
 * the only function allowed to send SMS. Thin: each record to {@link SendSmsService}; what it puts back
 * for later (paced, throttled, codes first) or fails on is reported as a batch item failure, made to
 * come back after a back-off, so the rest of the batch is not sent again.
 *
 * <p>Back-off: paced, throttled or waiting for codes, {@code min(300 s, max(hint, 5 s x (receives - 1)))}
 * plus up to 1 s of jitter; 100 receives (the queues' maxReceiveCount) take over 5 hours, longer than
 * any message lives, so throttling never dead-letters. A fault: 10 s, so one that persists is
 * dead-lettered within about 17 minutes. Once one record of a batch is put back for the rate, the rest
 * follow it without asking again, except conversion feedback (SNS attribute {@code kind} FEEDBACK, on
 * TextSendQueue), which takes no slot and is given whatever the texts around it wait for; throttled, it
 * alone comes back later.
 *
 * <p>The SQS event's bytes are read here: bytes that are not an SQS event are a logged rejection and an
 * answer with no failures (handing the same bytes out again cannot help); a record's own problems are
 * the service's, which rejects what no retry can fix and defers only what a retry can.
 */
public final class SendSmsHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SendSmsHandler.class);
    static final Duration FAULT_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(300);

    private final SendSmsService service;
    private final SendQueues queues;
    private final Metrics metrics;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public SendSmsHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public SendSmsHandler(Environment environment) {
        this(TwoFactorWiring.sendSmsFunction(environment));
    }

    private SendSmsHandler(TwoFactorWiring.SendSmsFunction function) {
        this(function.service(), function.queues(), function.metrics());
    }

    SendSmsHandler(SendSmsService service, SendQueues queues, Metrics metrics) {
        this.service = service;
        this.queues = queues;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            Optional<SqsEvent> event = LambdaEvents.read(input, SqsEvent.class, LOG, "outbound request");
            LambdaEvents.write(output, event.map(e -> handle(e, context)).orElseGet(() -> new SqsBatchResponse(List.of())));
        }
    }

    private SqsBatchResponse handle(SqsEvent event, Context context) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        if (event.records().isEmpty()) {
            LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=no SQS records");
            return new SqsBatchResponse(failures);
        }
        Instant deadline = service.deadline(Duration.ofMillis(context == null ? 30_000 : context.getRemainingTimeInMillis()));
        SendOutcome.Deferred putBack = null;
        for (SqsEvent.Message record : event.records()) {
            if (record == null) {
                LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=null SQS record");
                continue;
            }
            if (putBack != null && !feedback(record)) {
                later(record, putBack.reason(), putBack.retryAfter(), failures);
                continue;
            }
            try {
                SendOutcome outcome = service.handle(new SendSmsService.Delivery(record.messageId(), record.body()), deadline);
                if (outcome instanceof SendOutcome.Deferred deferred) {
                    later(record, deferred.reason(), deferred.retryAfter(), failures);
                    if (deferred.reason() != SendOutcome.DeferReason.IN_PROGRESS) {
                        putBack = deferred;
                    }
                } else if (outcome instanceof SendOutcome.FeedbackThrottled throttled) {
                    later(record, SendOutcome.DeferReason.THROTTLED, throttled.retryAfter(), failures);
                }
            } catch (RuntimeException e) {
                LOG.warn("send request {} failed: {} (back in {} s)", record.messageId(), e.getClass().getSimpleName(),
                        FAULT_BACKOFF.toSeconds());
                metrics.count("SmsSendDeferred", Map.of("Kind", kind(record), "Reason", SendOutcome.DeferReason.FAULT.name()));
                failures.add(new SqsBatchResponse.ItemFailure(record.messageId()));
                backOff(record, FAULT_BACKOFF);
            }
        }
        return new SqsBatchResponse(failures);
    }

    private void later(SqsEvent.Message record, SendOutcome.DeferReason reason, Duration hint,
                       List<SqsBatchResponse.ItemFailure> failures) {
        failures.add(new SqsBatchResponse.ItemFailure(record.messageId()));
        backOff(record, backOff(hint, record.receiveCount()));
    }

    /** {@code min(300 s, max(hint, 5 s x (receives - 1)))} plus up to a second of jitter. */
    static Duration backOff(Duration hint, int receives) {
        Duration growing = Duration.ofSeconds(5L * Math.max(0, receives - 1));
        Duration wanted = hint.compareTo(growing) > 0 ? hint : growing;
        Duration capped = wanted.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wanted;
        return capped.plusMillis(ThreadLocalRandom.current().nextLong(1000));
    }

    private void backOff(SqsEvent.Message record, Duration delay) {
        try {
            queues.retryAfter(record.eventSourceArn(), record.receiptHandle(), delay);
        } catch (RuntimeException e) {
            // The queue's visibility timeout brings it back instead.
            LOG.warn("back-off not set for {}: {}", record.messageId(), e.getClass().getSimpleName());
        }
    }

    /**
     * Conversion feedback, by the {@code kind} attribute SNS delivered with it (raw delivery keeps it). The
     * attribute only decides whether the record is asked about after a put-back; what it is, and whether
     * it is genuine, the service reads from the body and its MAC.
     */
    private static boolean feedback(SqsEvent.Message record) {
        SqsEvent.MessageAttribute kind = record.messageAttributes().get("kind");
        return kind != null && io.smsgate.shared.domain.MessageFeedback.KIND.equals(kind.stringValue());
    }

    private static String kind(SqsEvent.Message record) {
        if (feedback(record)) {
            return io.smsgate.shared.domain.MessageFeedback.KIND;
        }
        String source = record.eventSourceArn();
        return source != null && source.contains("TextSend") ? "TEXT" : "CODE";
    }
}
