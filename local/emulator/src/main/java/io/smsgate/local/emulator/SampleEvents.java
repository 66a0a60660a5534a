package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The sample events of a function module (events/&lt;module&gt;/), for "every sample has a test" checks. */
public final class SampleEvents {
    private SampleEvents() {
    }

    /**
     * The files of {@code events/<module>/} that no test method of {@code testClasses} names through
     * {@link SampleEvent}, and that are not in {@code loadedOtherwise}. Paths as {@code events/<module>/<file>}.
     */
    public static List<String> untested(String module, Collection<String> loadedOtherwise, Class<?>... testClasses) {
        Set<String> tested = Arrays.stream(testClasses).flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .map((Method method) -> method.getAnnotation(SampleEvent.class))
                .filter(Objects::nonNull)
                .map(SampleEvent::value)
                .collect(Collectors.toSet());
        tested.addAll(loadedOtherwise);
        try (Stream<Path> files = Files.list(Project.locate().resolve("events/" + module))) {
            return files.map(file -> "events/" + module + "/" + file.getFileName())
                    .filter(file -> file.endsWith(".json") && !tested.contains(file))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a sample event ({@code events/<module>/<case>.json}), as {@link SampleEvent} hands it to a test. */
    public static String text(String path) {
        try {
            return Files.readString(Project.locate().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("no sample event " + path, e);
        }
    }
}
