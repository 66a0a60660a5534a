package io.smsgate.local.cli.run;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.log.Masking;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code smsgate simulate --from NUMBER TEXT}: one text through the whole system on this machine. The
 * text is published to InboundSmsTopic as End User Messaging would; every function then runs as its
 * messages arrive; one line per hop shows what ran and what it did.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send one text through the whole pipeline (every function, routed by the emulator's SNS).")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "E164", description = "The sender's number, e.g. +447700900123.")
    String from;

    @Option(names = "--to", paramLabel = "E164", description = "The deployment number texted (default: the first of InboundNumbers).")
    String to;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text, e.g. \"hello world\".")
    String text;

    @Option(names = "--logs", description = "Also print every log line.")
    boolean logs;

    @Mixin
    EmulatorOptions emulatorOptions;

    @Override
    public Integer call() {
        Project project = Project.locate();
        Report report = new Report(System.out);
        try (LocalTarget target = LocalTarget.open(project, emulatorOptions, true);
             LogCapture capture = LogCapture.start()) {
            LocalSystem system = new LocalSystem(target.stack());
            String destination = to != null ? to : system.inboundNumbers().getFirst();
            target.describe(report);
            report.line("wiring    " + String.join(", ", system.pipeline().functions()));
            // The text as typed, its PIN masked: the trace shows what each hop did, never the PIN.
            report.heading("text " + LocalSystem.masked(from) + " -> " + destination + ": \"" + Masking.text(text) + "\"");
            LocalSystem.Trace trace = system.text(from, destination, text, report, logs ? capture : null);
            report.heading(String.format("%d hops, %d texts sent, end to end %d ms", trace.hopCount(), trace.texts().size(),
                    trace.millis()));
            return trace.deadLettered() ? 1 : 0;
        }
    }
}
