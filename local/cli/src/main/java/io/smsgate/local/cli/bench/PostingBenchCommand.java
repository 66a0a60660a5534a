package io.smsgate.local.cli.bench;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.posting.PostingHandler;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.port.PhoneLinks.SettingsChange;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.security.PinHasher;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code smsgate bench posting}: PostingFunction warm, message after message, in this JVM against the
 * emulator. The handler is built as Lambda builds it (its {@code (Environment)} constructor, from
 * template.yaml); accounts are set up as the verification API leaves them. Prints the time per
 * message for each path and, apart, the PIN check alone (PBKDF2, 100,000 iterations), which
 * dominates a post. Numbers, not assertions.
 */
@Command(name = "posting", mixinStandardHelpOptions = true,
        description = "Warm PostingFunction: handler time per message (post with PIN, post without PIN, refusal, UNDO) "
                + "and the PIN check alone, against the emulator.")
final class PostingBenchCommand implements Callable<Integer> {
    private static final String PIN = "73915284";

    @Option(names = "--messages", defaultValue = "200", description = "Measured messages per path (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", defaultValue = "100", description = "Unmeasured messages per path first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    EmulatorOptions emulatorOptions;

    @Override
    public Integer call() {
        Project project = Project.locate();
        try (AwsEmulator emulator = emulatorOptions.start();
             Stack stack = project.stack(emulator, emulatorOptions.parameterOverrides())) {
            Environment environment = new Environment(stack.functionEnvironment("PostingFunction"));
            KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
            PinHasher hasher = new PinHasher(keys, PinHasher.DEFAULT_ITERATIONS);
            DynamoPhoneLinks links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
            Instant linkedAt = Instant.now().minus(Duration.ofDays(2));
            PhoneNumber withPin = PhoneNumbers.trusted("+447700900201");
            PhoneNumber withoutPin = PhoneNumbers.trusted("+447700900202");
            PhoneNumber unlinked = PhoneNumbers.trusted("+447700900203");
            String pinHash = hasher.hash(PIN);
            links.link(keys.phoneKey(withPin), "bench-pin", keys.seal(withPin, SealContext.link(keys.phoneKey(withPin))).sealed(), withPin.country().value(), linkedAt);
            links.updateSettings("bench-pin", new SettingsChange(true, pinHash, false), linkedAt);
            links.link(keys.phoneKey(withoutPin), "bench-no-pin", keys.seal(withoutPin, SealContext.link(keys.phoneKey(withoutPin))).sealed(), withoutPin.country().value(), linkedAt);
            links.updateSettings("bench-no-pin", new SettingsChange(true, null, false), linkedAt);

            PostingHandler handler = new PostingHandler(environment);
            LocalContext context = new LocalContext("PostingFunction", 15, 1024);

            System.out.printf("PostingFunction warm, %d messages per path after %d unmeasured, java %s, %d cpus, flags %s, against %s%n",
                    messages, warmup, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), emulator.describe());
            report("post with PIN", measure(handler, context, i -> command(keys, withPin, "pin-" + i, CommandName.POST,
                    PIN + " Benchmark post number " + i, PostingAuth.PIN)));
            report("post, no PIN needed", measure(handler, context, i -> command(keys, withoutPin, "nopin-" + i, CommandName.POST,
                    "Benchmark post number " + i, PostingAuth.NONE)));
            report("refused (unlinked)", measure(handler, context, i -> command(keys, unlinked, "refused-" + i, CommandName.POST,
                    PIN + " Benchmark post number " + i, PostingAuth.PIN)));
            report("UNDO, nothing to undo", measure(handler, context, i -> command(keys, withoutPin, "undo-" + i, CommandName.UNDO,
                    null, PostingAuth.PIN)));
            double[] pinChecks = new double[Math.max(20, messages / 4)];
            for (int i = 0; i < 10; i++) {
                hasher.matches(PIN, pinHash);
            }
            for (int i = 0; i < pinChecks.length; i++) {
                long start = System.nanoTime();
                hasher.matches(i % 2 == 0 ? PIN : "12345678", pinHash);
                pinChecks[i] = (System.nanoTime() - start) / 1e6;
            }
            report("PIN check alone", pinChecks);
            report("emulator GetItem", roundTrips(() -> stack.dynamoDb().getItem(r -> r.tableName(stack.physicalId("PostsTable"))
                    .key(Map.of("postId", AttributeValue.fromS("none"))))));
            report("emulator Publish", roundTrips(() -> stack.sns().publish(r -> r.topicArn(stack.physicalId("PostsTopic"))
                    .message("{\"type\":\"bench\"}"))));
            System.out.println("A post is 4 DynamoDB requests and 1 SNS publish in sequence (PostingRequestsIT): with the emulator's"
                    + " round trips above, the rest is the function's own work.");
            return 0;
        }
    }

    private double[] roundTrips(Runnable call) {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        double[] millis = new double[Math.max(20, messages / 2)];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private double[] measure(PostingHandler handler, LocalContext context, IntFunction<ApprovedCommand> commands) {
        for (int i = 0; i < warmup; i++) {
            Invocations.invoke(handler, event(commands.apply(-1 - i)), context);
        }
        double[] millis = new double[messages];
        for (int i = 0; i < messages; i++) {
            byte[] event = event(commands.apply(i));
            long start = System.nanoTime();
            Invocations.invoke(handler, event, context);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static ApprovedCommand command(KeyRing keys, PhoneNumber sender, String id, CommandName name, String text,
                                           PostingAuth auth) {
        Instant now = Instant.now();
        SealContext context = SealContext.inbound("bench-" + id);
        return new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, "bench-" + id, name, "GB", keys.seal(sender, context),
                "+12065550100", keys.sealText(text, context), now, "GB", auth, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 1_000_000, now);
    }

    /** The SNS event's bytes, as Lambda hands them to the handler (which reads them inside the timed call). */
    private static byte[] event(ApprovedCommand command) {
        String message = new MessageSigner(KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET)).write(command);
        return LambdaEvents.bytes(SnsEvent.of("arn:aws:sns:us-east-1:000000000000:bench:1", SnsEvent.Notification.of(
                "sns-" + command.inboundMessageId(), "arn:aws:sns:us-east-1:000000000000:bench", message, Instant.now().toString())));
    }

    private static void report(String path, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-22s median %6.1f ms   p90 %6.1f ms   p99 %6.1f ms   mean %6.1f ms   (n=%d)%n", path,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), Arrays.stream(sorted).average().orElse(0),
                sorted.length);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
