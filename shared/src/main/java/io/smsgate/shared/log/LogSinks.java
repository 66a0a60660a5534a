package io.smsgate.shared.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where tests and the local tools listen: every line the provider writes (after its level check), also
 * handed to each attached sink as the JSON line Lambda would store ({@link LogLine#json}), with the stack
 * trace as one string. Lambda attaches none, so a function pays one empty-list check per line.
 */
public final class LogSinks {
    private static final List<Consumer<String>> SINKS = new CopyOnWriteArrayList<>();

    private LogSinks() {
    }

    /** Attach a sink; closing the handle detaches it. */
    public static AutoCloseable attach(Consumer<String> sink) {
        SINKS.add(sink);
        return () -> SINKS.remove(sink);
    }

    static void accept(LogEvent event) {
        if (SINKS.isEmpty()) {
            return;
        }
        String line = LogLine.json(event, true);
        for (Consumer<String> sink : SINKS) {
            sink.accept(line);
        }
    }
}
