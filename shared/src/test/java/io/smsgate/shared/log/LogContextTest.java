package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    private static Context context(String requestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
    }

    @Test
    void theRequestIdIsOnEveryLineOfTheInvocationAndGoneAfterIt() {
        try (LogContext ignored = LogContext.request(context("c0ffee-1"))) {
            assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isEqualTo("c0ffee-1");
            try (LogContext inner = LogContext.put(LogContext.INBOUND_MESSAGE_ID, "m-1")) {
                assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isEqualTo("c0ffee-1");
            }
        }
        assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isNull();
    }

    @Test
    void withoutALambdaContextNothingIsAdded() {
        try (LogContext ignored = LogContext.request(null)) {
            assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isNull();
        }
        try (LogContext ignored = LogContext.request(context(null))) {
            assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isNull();
        }
    }
}
