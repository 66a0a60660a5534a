package io.smsgate.local.emulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A parameterized test's argument: the text of one sample event ({@code events/<module>/<case>.json},
 * relative to the project), exactly the bytes `sam local invoke -e` and `./smsgate invoke` send, for the
 * test to hand to a stream handler as the Lambda runtime does. {@link SampleEvents#untested} finds the
 * samples no test names this way.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(SampleEventProvider.class)
public @interface SampleEvent {
    /** The file, e.g. {@code events/inbound-sms/post.json}. */
    String value();
}
