package io.smsgate.local.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.port.TransientFaultException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

class FaultInjectorTest {
    /** Runs n attempts (before-request then after-response hook, as the SDK calls them) and returns what was thrown. */
    private static List<String> attempts(FaultInjector injector, int n) {
        ExecutionInterceptor interceptor = injector.forFunction("F");
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, "DynamoDb");
        attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, "PutItem");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                interceptor.beforeTransmission(null, attributes);
                interceptor.afterTransmission(null, attributes);
                outcomes.add("ok");
            } catch (SdkException e) {
                outcomes.add(e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        return outcomes;
    }

    @Test
    void theSameSeedGivesTheSameFaultsAtTheRateAskedForBeforeAndAfterTheRequest() {
        FaultInjector one = new FaultInjector(7, 0.2);
        FaultInjector two = new FaultInjector(7, 0.2);
        one.arm(true);
        two.arm(true);
        List<String> first = attempts(one, 5000);
        assertThat(attempts(two, 5000)).isEqualTo(first);
        assertThat(one.injected()).hasSizeBetween(900, 1100);
        assertThat(one.countsByWhen()).containsOnlyKeys(FaultInjector.When.BEFORE_REQUEST, FaultInjector.When.AFTER_RESPONSE);
        assertThat(one.countsByWhen().values()).allSatisfy(count -> assertThat(count).isGreaterThan(350));
        assertThat(one.injected()).extracting(FaultInjector.Injected::kind).contains(FaultInjector.Kind.values());
        assertThat(attempts(armed(new FaultInjector(8, 0.2)), 5000)).isNotEqualTo(first);
    }

    @Test
    void throttlingIsOnlyInjectedBeforeTheRequestBecauseAwsNeverThrottlesACallItApplied() {
        FaultInjector injector = armed(new FaultInjector(3, 0.5));
        attempts(injector, 4000);
        assertThat(injector.injected())
                .filteredOn(fault -> fault.kind() == FaultInjector.Kind.THROTTLING)
                .isNotEmpty()
                .allSatisfy(fault -> assertThat(fault.when()).isEqualTo(FaultInjector.When.BEFORE_REQUEST));
        assertThat(injector.injected())
                .filteredOn(fault -> fault.when() == FaultInjector.When.AFTER_RESPONSE)
                .extracting(FaultInjector.Injected::kind)
                .contains(FaultInjector.Kind.TIMEOUT, FaultInjector.Kind.SERVER_ERROR, FaultInjector.Kind.CONNECTION_RESET);
    }

    @Test
    void nothingIsInjectedUntilArmed() {
        FaultInjector injector = new FaultInjector(1, 1.0);
        assertThat(attempts(injector, 100)).containsOnly("ok");
        injector.arm(true);
        assertThat(attempts(injector, 100)).noneMatch("ok"::equals);
    }

    @Test
    void injectedFaultsAreWhatTheSdkRetriesAndAreRecognisedThroughWrapping() {
        RuntimeException throttled = FaultInjector.exception(FaultInjector.Kind.THROTTLING, FaultInjector.When.AFTER_RESPONSE, 1, "Sns", "Publish");
        assertThat(((AwsServiceException) throttled).isThrottlingException()).isTrue();
        RuntimeException server = FaultInjector.exception(FaultInjector.Kind.SERVER_ERROR, FaultInjector.When.BEFORE_REQUEST, 2, "Sns", "Publish");
        assertThat(((AwsServiceException) server).statusCode()).isEqualTo(500);
        assertThat(FaultInjector.injectedIn(new TransientFaultException("wrapped", new IllegalStateException("again", server)))).isTrue();
        RuntimeException suppressing = new IllegalStateException("other");
        suppressing.addSuppressed(server);
        assertThat(FaultInjector.injectedIn(suppressing)).isTrue();
        assertThat(FaultInjector.injectedIn(new IllegalStateException("a bug"))).isFalse();
        assertThatThrownBy(() -> new FaultInjector(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static FaultInjector armed(FaultInjector injector) {
        injector.arm(true);
        return injector;
    }
}
