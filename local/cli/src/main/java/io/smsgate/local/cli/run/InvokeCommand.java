package io.smsgate.local.cli.run;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.UserError;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code smsgate invoke FUNCTION EVENT}: what {@code sam local invoke} does, without Docker. Reads the
 * function's handler and environment from template.yaml, creates the resources it names in the
 * emulator, builds the handler (its cold start), invokes it with the event and a real Context, and
 * prints the result, the log lines, every message published to each topic, what was written, and the
 * texts a function sent (to the local outbox that stands in for End User Messaging).
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invoke one function on a sample event, like 'sam local invoke', against an emulator.")
public final class InvokeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FUNCTION", description = "A function's logical id in template.yaml, e.g. InboundSmsFunction.")
    String function;

    @Parameters(index = "1", paramLabel = "EVENT", description = "An event file, e.g. events/inbound-sms/post.json.")
    Path eventFile;

    @Mixin
    EmulatorOptions emulatorOptions;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(System.out);
        Project project = Project.locate();
        Path event = eventFile.isAbsolute() || Files.exists(eventFile) ? eventFile : project.resolve(eventFile.toString());
        if (!Files.isRegularFile(event)) {
            throw new UserError("no event file " + eventFile + ": give a path such as events/inbound-sms/post.json");
        }
        // The file's bytes exactly, as Lambda hands them to the (stream) handler.
        byte[] eventBytes = Files.readAllBytes(event);
        List<String> functions = project.template().functions().stream().map(f -> f.logicalId()).toList();
        if (!functions.contains(function)) {
            throw new UserError("template.yaml has no function " + function + "; try one of " + String.join(", ", functions));
        }
        try (LocalTarget target = LocalTarget.open(project, emulatorOptions, false)) {
            Stack stack = target.stack();
            String handlerString = stack.handler(function);
            Map<String, String> environment = stack.functionEnvironment(function);
            target.seedIfFresh();
            report.line("invoke    " + function + "  (" + handlerString + ")");
            report.line("event     " + project.root().relativize(event.toAbsolutePath().normalize()));
            target.describe(report);
            // What is there before the handler runs, so only what it publishes and writes is shown.
            Map<String, Integer> alreadyPublished = new HashMap<>();
            stack.taps().forEach((topic, tap) -> alreadyPublished.put(topic, tap.messages().size()));
            Map<String, List<Map<String, AttributeValue>>> alreadyStored = new HashMap<>();
            stack.tables().forEach(table -> alreadyStored.put(table, stack.scan(table)));

            Integer exit;
            try (LogCapture logs = LogCapture.start()) {
                long start = System.nanoTime();
                String result = null;
                Throwable failure = null;
                long initNanos = 0;
                try {
                    HandlerInvoker invoker = HandlerInvoker.create(handlerString, new Environment(environment));
                    initNanos = System.nanoTime() - start;
                    byte[] answer = invoker.invoke(eventBytes, new LocalContext(function, 15, 1024));
                    result = answer.length == 0 ? "(no answer: nothing written back)" : new String(answer, StandardCharsets.UTF_8);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                long totalNanos = System.nanoTime() - start;

                report.heading("logs");
                logs.lines().forEach(report::logLine);
                if (logs.lines().isEmpty()) {
                    report.line("(none)");
                }
                report.heading("published");
                for (Map.Entry<String, TopicTap> tap : stack.taps().entrySet()) {
                    List<TopicTap.Published> all = tap.getValue().messages();
                    report.published(tap.getKey(), all.subList(Math.min(alreadyPublished.getOrDefault(tap.getKey(), 0), all.size()), all.size()));
                }
                report.heading("written");
                for (String table : stack.tables()) {
                    List<Map<String, AttributeValue>> before = alreadyStored.getOrDefault(table, List.of());
                    report.items(table, stack.scan(table).stream().filter(item -> !before.contains(item)).toList());
                }
                if (stack.startedOutbox().isPresent()) {
                    report.heading("texts sent (local outbox standing in for End User Messaging)");
                    report.texts(stack.startedOutbox().get().texts());
                }
                report.heading("result");
                if (failure == null) {
                    report.line(String.valueOf(result));
                    exit = 0;
                } else {
                    report.line("the handler threw " + failure.getClass().getName() + ": " + failure.getMessage());
                    report.line("(in Lambda: the event is retried, then sent to the function's dead-letter queue)");
                    exit = 1;
                }
                report.line(String.format("handler built in %d ms (in a warm JVM: for a real cold start see docs/development.md), total %d ms",
                        initNanos / 1_000_000, totalNanos / 1_000_000));
            }
            return exit;
        }
    }

}
