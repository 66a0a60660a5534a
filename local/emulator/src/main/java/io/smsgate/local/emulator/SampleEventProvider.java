package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Reads the file a {@link SampleEvent} names: one argument, the event's text, named after the file. */
final class SampleEventProvider extends AnnotationBasedArgumentsProvider<SampleEvent> {
    @Override
    protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
                                                           SampleEvent sample) {
        Path file = Project.locate().resolve(sample.value());
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return Stream.of(Arguments.of(Named.of(sample.value(), text)));
        } catch (IOException e) {
            throw new UncheckedIOException("no sample event " + sample.value(), e);
        }
    }
}
