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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ThreadLocalRandom;
import io.smsgate.shared.log.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
 *
 * <p>Side by side: up to {@code SENDS_PER_EXECUTION} of a batch's records are sent at once, taken in
 * the batch's order (a send is mostly waiting for its calls; the shared bucket, not this number, keeps
 * the rate). Each record keeps everything it had one after the other: its claim, its slot, its budgets,
 * its UNKNOWN. "The rest follow a put-back" means the records not yet taken; those already being sent
 * finish. The answer names exactly the records failed or put back, in the batch's order.
 */
public final class SendSmsHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SendSmsHandler.class);
    static final Duration FAULT_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(300);

    private final SendSmsService service;
    private final SendQueues queues;
    private final Metrics metrics;
    private final int sendsAtOnce;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public SendSmsHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public SendSmsHandler(Environment environment) {
        this(TwoFactorWiring.sendSmsFunction(environment));
    }

    private SendSmsHandler(TwoFactorWiring.SendSmsFunction function) {
        this(function.service(), function.queues(), function.metrics(), function.sendsAtOnce());
    }

    /** One record after the other (tests about everything but the overlap). */
    SendSmsHandler(SendSmsService service, SendQueues queues, Metrics metrics) {
        this(service, queues, metrics, 1);
    }

    /** {@code sendsAtOnce}: how many of a batch's records are sent side by side (SENDS_PER_EXECUTION). */
    SendSmsHandler(SendSmsService service, SendQueues queues, Metrics metrics, int sendsAtOnce) {
        if (sendsAtOnce < 1) {
            throw new IllegalArgumentException("at least one send at a time");
        }
        this.service = service;
        this.queues = queues;
        this.metrics = metrics;
        this.sendsAtOnce = sendsAtOnce;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            Optional<SqsEvent> event = LambdaEvents.read(input, SqsEvent.class, LOG, "outbound request");
            LambdaEvents.write(output, event.map(e -> handle(e, context)).orElseGet(() -> new SqsBatchResponse(List.of())));
        }
    }

    private SqsBatchResponse handle(SqsEvent event, Context context) {
        if (event.records().isEmpty()) {
            LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=no SQS records");
            return new SqsBatchResponse(List.of());
        }
        Instant deadline = service.deadline(Duration.ofMillis(context == null ? 30_000 : context.getRemainingTimeInMillis()));
        Batch batch = new Batch(event.records(), deadline);
        int workers = Math.min(sendsAtOnce, event.records().size());
        if (workers <= 1) {
            batch.work();
        } else {
            sideBySide(batch, workers);
        }
        return new SqsBatchResponse(batch.failures());
    }

    /**
     * The batch's records taken in order by {@code workers} threads, this one among them: each send is
     * mostly waiting for its calls, so they overlap, and the shared bucket still spaces them at the rate.
     * A worker that dies of something other than a record's own fault fails the invocation, as it would
     * have one after the other, so no record it held is reported as done.
     */
    private static void sideBySide(Batch batch, int workers) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Future<?>> helpers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers - 1, WORKERS)) {
            for (int i = 1; i < workers; i++) {
                helpers.add(pool.submit(() -> {
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    try {
                        batch.work();
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            batch.work();
        }
        for (Future<?> helper : helpers) {
            try {
                helper.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.smsgate.shared.port.TransientFaultException("interrupted while the batch was sent");
            }
        }
    }

    /** Daemon threads: one that outlived an invocation must never keep the runtime from freezing or ending. */
    private static final java.util.concurrent.ThreadFactory WORKERS = Thread.ofPlatform().name("send-", 1).daemon(true).factory();

    /**
     * One batch: the next record to take, what was put back for the rate (the records not yet taken after
     * it follow it), and each record's failure in the batch's order.
     */
    private final class Batch {
        private final List<SqsEvent.Message> records;
        private final Instant deadline;
        private final SqsBatchResponse.ItemFailure[] failed;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<SendOutcome.Deferred> putBack = new AtomicReference<>();

        Batch(List<SqsEvent.Message> records, Instant deadline) {
            this.records = records;
            this.deadline = deadline;
            this.failed = new SqsBatchResponse.ItemFailure[records.size()];
        }

        void work() {
            for (int i = next.getAndIncrement(); i < records.size(); i = next.getAndIncrement()) {
                send(i, records.get(i));
            }
        }

        private void send(int index, SqsEvent.Message record) {
            if (record == null) {
                LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=null SQS record");
                return;
            }
            SendOutcome.Deferred before = putBack.get();
            if (before != null && !feedback(record)) {
                later(index, record, before.retryAfter());
                return;
            }
            try {
                SendOutcome outcome = service.handle(new SendSmsService.Delivery(record.messageId(), record.body()), deadline);
                if (outcome instanceof SendOutcome.Deferred deferred) {
                    later(index, record, deferred.retryAfter());
                    if (deferred.reason() != SendOutcome.DeferReason.IN_PROGRESS) {
                        putBack.set(deferred);
                    }
                } else if (outcome instanceof SendOutcome.FeedbackThrottled throttled) {
                    later(index, record, throttled.retryAfter());
                }
            } catch (RuntimeException e) {
                LOG.warn("send request {} failed: {} (back in {} s)", record.messageId(), e.getClass().getSimpleName(),
                        FAULT_BACKOFF.toSeconds());
                metrics.count("SmsSendDeferred", Map.of("Kind", kind(record), "Reason", SendOutcome.DeferReason.FAULT.name()));
                failed[index] = new SqsBatchResponse.ItemFailure(record.messageId());
                backOff(record, FAULT_BACKOFF);
            }
        }

        private void later(int index, SqsEvent.Message record, Duration hint) {
            failed[index] = new SqsBatchResponse.ItemFailure(record.messageId());
            backOff(record, backOff(hint, record.receiveCount()));
        }

        /** Read once every worker is done (the pool's close, or this thread's own loop, orders the writes before). */
        List<SqsBatchResponse.ItemFailure> failures() {
            return Arrays.stream(failed).filter(Objects::nonNull).toList();
        }
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
