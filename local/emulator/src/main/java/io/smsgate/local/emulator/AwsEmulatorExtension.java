package io.smsgate.local.emulator;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an AWS endpoint and fresh resources from template.yaml.
 *
 * <ul>
 *   <li>{@link AwsEmulator}: one per test JVM. {@code AWS_ENDPOINT_URL} if set; else moto's server on a
 *       free loopback port (started here, stopped after the last test); with
 *       {@code -Dsmsgate.emulator=localstack}, LocalStack through Testcontainers.</li>
 *   <li>{@link Stack}: one per test (or per class, when asked for in a constructor or
 *       {@code @BeforeAll}): tables, topics and taps under a fresh name, with local/parameters.json.</li>
 *   <li>{@link LogCapture}: every log line the test causes.</li>
 *   <li>{@link Project}: the repository, for tests that build their own stack.</li>
 * </ul>
 */
public final class AwsEmulatorExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEmulatorExtension.class);
    private static final Set<Class<?>> TYPES = Set.of(AwsEmulator.class, Stack.class, LogCapture.class, Project.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == AwsEmulator.class) {
            return emulator(context);
        }
        if (type == Project.class) {
            return project(context);
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (type == Stack.class) {
            return store.getOrComputeIfAbsent("stack", key -> project(context).stack(emulator(context), Map.of()), Stack.class);
        }
        return store.getOrComputeIfAbsent("logs", key -> LogCapture.start(), LogCapture.class);
    }

    public static AwsEmulator emulator(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("emulator", key -> AwsEmulator.start(), AwsEmulator.class);
    }

    private static Project project(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("project", key -> Project.locate(), Project.class);
    }
}
