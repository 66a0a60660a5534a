package io.smsgate.local.cli.emulator;

import io.smsgate.local.emulator.SmsOutbox;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smsgate outbox --port 4599}: the local stand-in for End User Messaging, in the foreground,
 * printing each text as it arrives, for functions run elsewhere (sam local invoke, a container):
 * point their AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 at it.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Run the local End User Messaging stand-in and print every text sent to it (Ctrl-C to stop).")
public final class OutboxCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "4599", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 lets a container reach it (default ${DEFAULT-VALUE}).")
    String host;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (SmsOutbox outbox = SmsOutbox.start(new InetSocketAddress(host, port))) {
            out.println("End User Messaging stand-in at " + outbox.endpoint()
                    + "; set AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 to it. Texts appear below.");
            out.flush();
            int shown = 0;
            while (!Thread.currentThread().isInterrupted()) {
                List<SmsOutbox.Text> texts = outbox.await(shown + 1, Duration.ofSeconds(1));
                for (SmsOutbox.Text text : texts.subList(shown, texts.size())) {
                    out.println(text.receivedAt() + "  to " + text.maskedDestination() + (text.dryRun() ? " (dry run)" : "")
                            + ": \"" + text.body() + "\"");
                }
                out.flush();
                shown = texts.size();
            }
        }
        return 0;
    }
}
