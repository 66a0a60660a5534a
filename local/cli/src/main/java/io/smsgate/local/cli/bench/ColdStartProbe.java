package io.smsgate.local.cli.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.smsgate.local.emulator.LocalContext;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs in a fresh JVM with a function's environment, like a Lambda cold start: builds the handler
 * through its no-argument constructor (the one Lambda calls, wiring from the process environment),
 * reads the event (in Lambda the runtime does this), invokes once, and prints how long each step took:
 * {@code PROBE init=<ms> read=<ms> invoke=<ms>}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long built = System.nanoTime();
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                .findFirst().orElseThrow();
        Class eventType = method.getParameterTypes()[0];
        Object event;
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            event = LambdaEventSerializers.serializerFor(eventType, ColdStartProbe.class.getClassLoader()).fromJson(in);
        }
        long read = System.nanoTime();
        Context context = new LocalContext(type.getSimpleName(), 15, 1024);
        ((RequestHandler) handler).handleRequest(event, context);
        long invoked = System.nanoTime();
        System.out.printf("PROBE init=%.1f read=%.1f invoke=%.1f%n", (built - start) / 1e6, (read - built) / 1e6, (invoked - read) / 1e6);
        System.out.flush();
        System.exit(0);
    }
}
