package io.smsgate.local.cli.bench;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.UserError;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.cli.run.HandlerInvoker;
import io.smsgate.local.cli.run.LocalSystem;
import io.smsgate.local.cli.run.Pipeline;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.security.KeyRing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code smsgate bench burst --codes N --texts M --mps R}: a login storm and a wave of replies at once,
 * against a number that may send R messages a second. The local End User Messaging stand-in enforces R
 * the way End User Messaging does (HTTP 400 ThrottlingException above it); the stack's SendRatePerSecond
 * is R. N verifications are started through the API (each puts a code request on CodeSendQueue) and M
 * replies published to OutboundSmsTopic, all before the consumers start (a burst that arrives faster than
 * it can be sent); then SendSmsFunction drains both queues as Lambda would: separate execution
 * environments, as many per queue as its event source's MaximumConcurrency (the stack's SendConcurrency,
 * {@code --concurrency}), batches of its BatchSize.
 *
 * <p>A queue drains at most at its executions times SendsPerExecution divided by the time one send takes, so
 * that product must be at least the rate times that time (the template's rule). In AWS a send takes about 0.3 s
 * (the defaults 5 x 2: over 30 a second); against moto on a 2-core host the host's CPU is the ceiling. The stack
 * runs with the production policy cache (30 s) unless a parameter override says otherwise.
 *
 * <p>The stand-in does not publish the texts' delivery events unless {@code --delivery-events} says so. In AWS
 * End User Messaging publishes them from its own infrastructure, later, and DeliveryReceiptFunction reads them
 * from its own queue: nothing of that shares the send path's capacity. Here each one was an SNS publish and an SQS
 * delivery inside the one emulator process every send waits on, which ran at 80 to 94% of a core through the burst
 * (docs/sending.md): the figure would then measure the emulator's spare CPU, not the door out.
 *
 * <p>Counted: sent (distinct requests in the stand-in), lost (requested, neither sent nor dead-lettered
 * when both queues are empty), dead-lettered (in the queues' dead-letter queues), codes first (every code
 * was sent before every reply), and the drain rate from the first send to the last. The last line has a
 * fixed shape, for scripts and people to compare runs.
 */
final class BurstBench {
    private static final String FUNCTION = "SendSmsFunction";
    private static final String API = "VerificationApiFunction";

    private BurstBench() {
    }

    /**
     * @param concurrency    the stack's SendConcurrency, or null for the template's
     * @param deliveryEvents whether the stand-in publishes each text's delivery event (see the class comment)
     */
    static int run(EmulatorOptions options, int codes, int texts, double mps, Integer concurrency, boolean deliveryEvents) {
        if (codes < 0 || texts < 0 || codes + texts == 0 || codes + texts > 1000) {
            throw new UserError("bench burst: --codes and --texts are 0 or more, together 1 to 1000 (one test number each)");
        }
        if (!(mps > 0 && mps <= 1000)) {
            throw new UserError("bench burst: --mps is a rate above 0, at most 1000 messages a second");
        }
        if (concurrency != null && (concurrency < 2 || concurrency > 100)) {
            throw new UserError("bench burst: --concurrency is the executions per send queue, 2 to 100");
        }
        Project project = Project.locate();
        Map<String, String> parameters = new LinkedHashMap<>(options.parameterOverrides());
        parameters.put("SendRatePerSecond", String.valueOf(mps));
        // The production policy cache (the local stack's 1 s is for demos that change a policy and try it at
        // once): nothing changes a policy during the burst, and a read a second per execution is not the door out's cost.
        parameters.putIfAbsent("PolicyCacheSeconds", "30");
        if (concurrency != null) {
            parameters.put("SendConcurrency", String.valueOf(concurrency));
        }
        try (AwsEmulator emulator = options.start(); Stack stack = project.stack(emulator, parameters)) {
            stack.provisionAll();
            PolicySeed.write(project, stack);
            roomyBudgets(stack);
            SmsOutbox outbox = stack.outbox();
            outbox.limitRate(mps);
            if (!deliveryEvents) {
                outbox.onText(text -> { });
            }
            Pipeline pipeline = new Pipeline(stack);
            List<Pipeline.Subscription> queues = pipeline.subscriptions().stream()
                    .filter(s -> s.queued() && FUNCTION.equals(s.function())).toList();
            System.out.printf("burst: %d codes and %d replies at once, the number allowed %s msg/s, SendConcurrency %s, "
                    + "SendsPerExecution %s, delivery events %s, against %s%n", codes, texts, format(mps),
                    stack.parameter("SendConcurrency").orElse("?"), stack.parameter("SendsPerExecution").orElse("?"),
                    deliveryEvents ? "published" : "not published", emulator.describe());

            long setup = System.nanoTime();
            requestCodes(stack, codes);
            requestReplies(stack, codes, texts);
            System.out.printf("  queued in %.1f s: %s%n", (System.nanoTime() - setup) / 1e9, depths(stack, queues));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong deferred = new AtomicLong();
            int threads = queues.stream().mapToInt(Pipeline.Subscription::maxConcurrency).sum();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (Pipeline.Subscription queue : queues) {
                System.out.printf("  %s <- %s: %d execution environments, batches of %d%n", FUNCTION,
                        queue.queueUrl().substring(queue.queueUrl().lastIndexOf('/') + 1), queue.maxConcurrency(), queue.batchSize());
                for (int i = 0; i < queue.maxConcurrency(); i++) {
                    HandlerInvoker environment = pipeline.executionEnvironment(FUNCTION);
                    pool.submit(() -> consume(stack, pipeline, queue, environment, stop, deferred));
                }
            }
            long started = System.nanoTime();
            double expected = (codes + texts) / mps;
            Duration limit = Duration.ofSeconds((long) (expected * 3 + 120));
            while (!drained(stack, queues) && System.nanoTime() - started < limit.toNanos()) {
                pause(Duration.ofMillis(500));
            }
            stop.set(true);
            pool.shutdown();
            awaitQuietly(pool);

            List<SmsOutbox.Text> sent = outbox.texts();
            Set<String> codeRequests = new HashSet<>();
            Set<String> replyRequests = new HashSet<>();
            List<Instant> codeTimes = new ArrayList<>();
            Instant lastCode = Instant.MIN;
            Instant firstReply = Instant.MAX;
            for (SmsOutbox.Text text : sent) {
                if (text.context().containsKey("verificationId")) {
                    codeRequests.add(text.context().get("verificationId"));
                    lastCode = max(lastCode, text.receivedAt());
                    codeTimes.add(text.receivedAt());
                } else {
                    replyRequests.add(text.context().get("requestId"));
                    firstReply = min(firstReply, text.receivedAt());
                }
            }
            int distinct = codeRequests.size() + replyRequests.size();
            long dead = queues.stream().mapToLong(q -> depth(stack, q.deadLetterQueueUrl())).sum();
            long lost = Math.max(0, codes + texts - distinct - dead);
            boolean codesFirst = codeRequests.size() == codes && (replyRequests.isEmpty() || !lastCode.isAfter(firstReply));
            Instant first = sent.stream().map(SmsOutbox.Text::receivedAt).min(Instant::compareTo).orElse(Instant.EPOCH);
            Instant last = sent.stream().map(SmsOutbox.Text::receivedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
            double seconds = Duration.between(first, last).toNanos() / 1e9;
            double rate = sent.size() > 1 && seconds > 0 ? (sent.size() - 1) / seconds : 0;

            System.out.printf("  codes sent %d of %d, replies sent %d of %d, duplicates %d%n", codeRequests.size(), codes,
                    replyRequests.size(), texts, sent.size() - distinct);
            System.out.printf("  first send to last: %.1f s; the stand-in answered ThrottlingException %d times; "
                    + "sends put back for later %d times%n", seconds, outbox.throttled(), deferred.get());
            if (!lastCode.equals(Instant.MIN) && !firstReply.equals(Instant.MAX)) {
                double codePhase = Duration.between(first, lastCode).toMillis() / 1e3;
                double replyPhase = Duration.between(firstReply, last).toMillis() / 1e3;
                System.out.printf("  last code at +%.1f s, first reply at +%.1f s: codes %d in %.1f s (%.1f a second), the switch %.1f s, "
                        + "replies %d in %.1f s (%.1f a second)%n", codePhase, Duration.between(first, firstReply).toMillis() / 1e3,
                        codeRequests.size(), codePhase, codePhase > 0 ? (codeRequests.size() - 1) / codePhase : 0,
                        Duration.between(lastCode, firstReply).toMillis() / 1e3, replyRequests.size(), replyPhase,
                        replyPhase > 0 ? (replyRequests.size() - 1) / replyPhase : 0);
                System.out.printf("  codes sent in each 5 s from the first send: %s%n", perWindow(codeTimes, first, Duration.ofSeconds(5)));
                Gap gap = longestGap(codeTimes);
                // What SendPacer.CODES_FIRST_GRACE must cover: once no code is left visible in its queue, replies wait
                // only while codes keep taking slots. The codes still in flight then are at most the code queue's
                // executions times its batch size, the last ones sent.
                int inFlight = queues.stream().filter(q -> q.queueUrl().endsWith("CodeSendQueue"))
                        .mapToInt(q -> q.maxConcurrency() * q.batchSize()).sum();
                List<Instant> lastInFlight = codeTimes.stream().sorted().skip(Math.max(0, codeTimes.size() - inFlight)).toList();
                System.out.printf("  longest time between two codes: %d ms (after the code at +%.1f s); among the last %d "
                        + "(those in flight once the queue is empty): %d ms%n", gap.millis(),
                        Duration.between(first, gap.after()).toMillis() / 1e3, lastInFlight.size(), longestGap(lastInFlight).millis());
            }
            System.out.printf("burst: %d requested, %d sent, %d lost, %d dead-lettered, codes first: %s, drain %s msg/s of %s allowed (%d%%)%n",
                    codes + texts, distinct, lost, dead, codesFirst ? "yes" : "no", format(rate), format(mps),
                    Math.round(rate / mps * 100));
            return 0;
        }
    }

    /** The seed's budgets would refuse a storm from one country: the bench measures the rate, not the budgets. */
    private static void roomyBudgets(Stack stack) {
        for (String scope : List.of("GB", "DEFAULT")) {
            stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("CountryPoliciesTable"))
                    .key(Map.of("scope", AttributeValue.fromS(scope)))
                    .updateExpression("SET maxCodesPerHourPerCountry = :many, maxRepliesPerHourPerCountry = :many")
                    .expressionAttributeValues(Map.of(":many", AttributeValue.fromN("1000000"))));
        }
    }

    /** {@code count} LOGIN verifications through the API, one test number each: each puts one code request on CodeSendQueue. */
    private static void requestCodes(Stack stack, int count) {
        HandlerInvoker api = HandlerInvoker.create(stack.handler(API), new Environment(stack.functionEnvironment(API)));
        for (int i = 0; i < count; i++) {
            String body = "{\"phone\":\"" + number(i) + "\",\"purpose\":\"LOGIN\",\"accountId\":\"burst-" + i + "\"}";
            HttpApiResponse response = api.invoke(LocalSystem.apiEvent("POST", "/verifications", body), HttpApiResponse.class,
                    new io.smsgate.local.emulator.LocalContext(API, 15, 1024));
            if (response.statusCode() != 202) {
                throw new IllegalStateException("start " + i + " was not accepted: " + Json.write(response));
            }
        }
    }

    /** {@code count} courtesy replies on OutboundSmsTopic, one test number each (the numbers after the codes'). */
    private static void requestReplies(Stack stack, int from, int count) {
        KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        // Sealed to each request and MACed, as InboundSmsFunction publishes them: SendSmsFunction drops anything else.
        SnsTopic<OutboundSms> topic = new SnsTopic<>(stack.sns(), stack.physicalId("OutboundSmsTopic"),
                new io.smsgate.shared.security.MessageSigner(keys));
        for (int i = 0; i < count; i++) {
            var number = PhoneNumbers.parse(number(from + i), true).orElseThrow();
            String id = "burst-reply-" + i;
            topic.publish(OutboundSms.text(id + "#reply", OutboundSms.Purpose.POSTING_UNAVAILABLE,
                    keys.seal(number, io.smsgate.shared.security.SealContext.outbound(id + "#reply")),
                    CountryCode.of("GB"), "To post by text, turn on SMS posting in your settings.", id, Instant.now()));
        }
    }

    /** Ofcom's drama range, which the local stack accepts: 1000 numbers. */
    private static String number(int i) {
        return String.format("+447700900%03d", i);
    }

    /** One execution environment of SendSmsFunction polling its queue, as Lambda's event source poller does. */
    private static void consume(Stack stack, Pipeline pipeline, Pipeline.Subscription queue, HandlerInvoker environment,
                                AtomicBoolean stop, AtomicLong deferred) {
        while (!stop.get()) {
            try {
                List<Message> batch = stack.sqs().receiveMessage(r -> r.queueUrl(queue.queueUrl())
                        .maxNumberOfMessages(Math.min(10, queue.batchSize())).waitTimeSeconds(1)
                        .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
                if (!batch.isEmpty()) {
                    deferred.addAndGet(pipeline.deliverBatch(queue, environment, batch).stream().filter(h -> h.error() != null).count());
                }
            } catch (RuntimeException e) {
                System.out.printf("  %s poller: %s%n", FUNCTION, e.getClass().getSimpleName());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private static boolean drained(Stack stack, List<Pipeline.Subscription> queues) {
        for (Pipeline.Subscription queue : queues) {
            Map<QueueAttributeName, String> attributes = stack.sqs().getQueueAttributes(r -> r.queueUrl(queue.queueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (attributes.values().stream().mapToLong(Long::parseLong).sum() > 0) {
                return false;
            }
        }
        return true;
    }

    private static String depths(Stack stack, List<Pipeline.Subscription> queues) {
        List<String> parts = new ArrayList<>();
        for (Pipeline.Subscription queue : queues) {
            parts.add(queue.queueUrl().substring(queue.queueUrl().lastIndexOf('-') + 1) + " " + depth(stack, queue.queueUrl()));
        }
        return String.join(", ", parts);
    }

    private static long depth(Stack stack, String queueUrl) {
        if (queueUrl == null) {
            return 0;
        }
        return Long.parseLong(stack.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
    }

    /** How many of {@code times} fall in each {@code window} from {@code from}, up to the last. */
    static String perWindow(List<Instant> times, Instant from, Duration window) {
        long[] counts = new long[(int) (times.stream().mapToLong(t -> Duration.between(from, t).toMillis()).max().orElse(0)
                / window.toMillis()) + 1];
        times.forEach(t -> counts[(int) (Duration.between(from, t).toMillis() / window.toMillis())]++);
        return java.util.Arrays.stream(counts).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(" "));
    }

    /** The longest time between two consecutive instants, and the instant it followed. */
    record Gap(long millis, Instant after) {
    }

    static Gap longestGap(List<Instant> times) {
        List<Instant> sorted = times.stream().sorted().toList();
        Gap longest = new Gap(0, sorted.isEmpty() ? Instant.EPOCH : sorted.get(0));
        for (int i = 1; i < sorted.size(); i++) {
            long millis = Duration.between(sorted.get(i - 1), sorted.get(i)).toMillis();
            if (millis > longest.millis()) {
                longest = new Gap(millis, sorted.get(i - 1));
            }
        }
        return longest;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
