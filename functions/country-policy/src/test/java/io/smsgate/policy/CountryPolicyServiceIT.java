package io.smsgate.policy;

import io.smsgate.local.emulator.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The service over the real adapters, with a clock the test moves: how long an operator's change takes
 * to be seen, the once-a-day denial reply, how many DynamoDB calls a message costs, and fail closed.
 */
@ExtendWith(AwsEmulatorExtension.class)
class CountryPolicyServiceIT {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private Stack stack;
    private MutableClock clock;
    private DynamoCountryPolicies operator;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        this.clock = new MutableClock(START);
        this.operator = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        operator.save(policy("GB", Feature.ENABLED).savedBy("test", START));
        operator.save(policy(CountryPolicy.DEFAULT, Feature.DISABLED).savedBy("test", START));
        operator.save(policy(CountryPolicy.GLOBAL, Feature.ENABLED).savedBy("test", START));
    }

    @Test
    void anOperatorsChangeIsSeenAfterTheCacheTtlAndNotBefore() {
        CountryPolicyService service = wired(Map.of("POLICY_CACHE_SECONDS", "30"));
        assertThat(decide(service, "post-gb.json")).isEqualTo(Decision.APPROVED);

        CountryPolicy gb = operator.get("GB").orElseThrow();
        operator.save(withPosting(gb, Feature.DISABLED).savedBy("ops", clock.instant()));

        clock.advance(Duration.ofSeconds(29));
        assertThat(decide(service, "post-gb.json")).as("still cached at 29 s").isEqualTo(Decision.APPROVED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(decide(service, "post-gb.json")).as("re-read at 30 s").isEqualTo(Decision.DENIED_COUNTRY);
    }

    @Test
    void theKillSwitchIsSeenWithinTheTtlToo() {
        CountryPolicyService service = wired(Map.of("POLICY_CACHE_SECONDS", "30"));
        assertThat(decide(service, "post-gb.json")).isEqualTo(Decision.APPROVED);

        CountryPolicy global = operator.get(CountryPolicy.GLOBAL).orElseThrow();
        operator.save(withPosting(global, Feature.DISABLED).savedBy("ops", clock.instant()));
        clock.advance(Duration.ofSeconds(10));
        assertThat(decide(service, "post-gb.json")).isEqualTo(Decision.APPROVED);
        clock.advance(Duration.ofSeconds(20));
        assertThat(decide(service, "post-gb.json")).isEqualTo(Decision.DENIED_GLOBAL);
        assertThat(decide(service, "undo-us.json")).isEqualTo(Decision.APPROVED_SAFETY);
    }

    @Test
    void aDeniedNumberIsAnsweredAtMostOnceADay() {
        CountryPolicyService service = wired(Map.of());

        assertThat(replied(service, "post-us.json")).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(replied(service, "post-us.json")).isFalse();
        clock.advance(Duration.ofHours(22).plusMinutes(59));
        assertThat(replied(service, "post-us.json")).as("23 h 59 min after the reply").isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(replied(service, "post-us.json")).as("24 h after the reply").isTrue();

        assertThat(stack.tap("OutboundSmsTopic").messages()).hasSize(2);
        assertThat(stack.scan("CountersTable")).hasSize(1);
    }

    @Test
    void eachNumberHasItsOwnDailyReply() {
        CountryPolicyService service = wired(Map.of());
        CountryPolicy gb = operator.get("GB").orElseThrow();
        operator.save(withPosting(gb, Feature.DISABLED).savedBy("ops", START));

        assertThat(replied(service, "post-us.json")).isTrue();
        assertThat(replied(service, "post-gb.json")).isTrue();
        assertThat(replied(service, "post-gb.json")).isFalse();
        assertThat(stack.tap("OutboundSmsTopic").messages()).hasSize(2);
    }

    /**
     * The per-message DynamoDB cost, counted on the wire: every request the policy reader sends goes
     * through an interceptor. A cold cache reads one BatchGetItem (country + DEFAULT + GLOBAL) per
     * country; a warm one reads nothing until the TTL passes; UNDO never reads.
     */
    @Test
    void aWarmCacheCostsNoReadsAndAColdOneOneBatchGetPerCountry() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        try (DynamoDbClient counted = countingClient(calls)) {
            var keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
            var env = stack.functionEnvironment("CountryPolicyFunction");
            CountryPolicyService service = new CountryPolicyService(new SmsCommandValidator(keys),
                    new CachingCountryPolicies(new DynamoCountryPolicies(counted, env.get("COUNTRY_POLICIES_TABLE_NAME")),
                            Duration.ofSeconds(30), clock),
                    new DynamoCounters(stack.dynamoDb(), env.get("COUNTERS_TABLE_NAME")),
                    new SnsTopic<>(stack.sns(), env.get("APPROVED_COMMANDS_TOPIC_ARN"), new MessageSigner(keys)),
                    new SnsTopic<>(stack.sns(), env.get("OUTBOUND_SMS_TOPIC_ARN"), new MessageSigner(keys)),
                    CountryPolicyConfig.DEFAULT_DENIED_REPLY, keys, new EmfMetrics("test", "CountryPolicyFunction", clock), clock);

            decide(service, "post-gb.json");
            assertThat(count(calls)).as("cold, GB").isEqualTo(Map.of("BatchGetItem", 1));
            for (int i = 0; i < 50; i++) {
                decide(service, "post-gb.json");
                decide(service, "undo-us.json");
            }
            assertThat(count(calls)).as("warm: 100 more messages, no read").isEqualTo(Map.of("BatchGetItem", 1));
            decide(service, "post-us.json");
            assertThat(count(calls)).as("cold, US").isEqualTo(Map.of("BatchGetItem", 2));
            clock.advance(Duration.ofSeconds(30));
            decide(service, "post-gb.json");
            decide(service, "post-gb.json");
            assertThat(count(calls)).as("after the TTL: one re-read").isEqualTo(Map.of("BatchGetItem", 3));
            System.out.printf("policy reads: cold 1 BatchGetItem (3 keys, strongly consistent) per country per %d s; "
                    + "warm 0; UNDO 0 (103 messages, %s)%n", 30, count(calls));
        }
    }

    @Test
    void aPolicyReaderThatFailsApprovesNothing() {
        var keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        var env = stack.functionEnvironment("CountryPolicyFunction");
        AtomicInteger attempts = new AtomicInteger();
        CountryPolicyService service = new CountryPolicyService(new SmsCommandValidator(keys),
                country -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("throttled");
                },
                new DynamoCounters(stack.dynamoDb(), env.get("COUNTERS_TABLE_NAME")),
                new SnsTopic<>(stack.sns(), env.get("APPROVED_COMMANDS_TOPIC_ARN"), new MessageSigner(keys)),
                new SnsTopic<>(stack.sns(), env.get("OUTBOUND_SMS_TOPIC_ARN"), new MessageSigner(keys)),
                CountryPolicyConfig.DEFAULT_DENIED_REPLY, keys, new EmfMetrics("test", "CountryPolicyFunction", clock), clock);

        assertThatThrownBy(() -> decide(service, "post-gb.json")).isInstanceOf(TransientFaultException.class);
        assertThatThrownBy(() -> decide(service, "post-us.json")).isInstanceOf(TransientFaultException.class);
        assertThat(attempts).hasValue(2);
        assertThat(decide(service, "undo-us.json")).isEqualTo(Decision.APPROVED_SAFETY);
        assertThat(stack.tap("ApprovedCommandsTopic").messages()).extracting(m -> m.attributes().get("command"))
                .containsExactly("UNDO");
        assertThat(stack.tap("OutboundSmsTopic").messages()).as("no denial either").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private CountryPolicyService wired(Map<String, String> overrides) {
        Environment env = new Environment(stack.functionEnvironment("CountryPolicyFunction"));
        for (var entry : overrides.entrySet()) {
            env = env.with(entry.getKey(), entry.getValue());
        }
        return CountryPolicyWiring.service(env, clock);
    }

    private static PolicyOutcome handle(CountryPolicyService service, String event) {
        var record = Json.read(SampleEvents.text("events/country-policy/" + event), SnsEvent.class).records().getFirst().sns();
        return service.handle(new CommandDelivery(record.messageId(), record.message()));
    }

    private static Decision decide(CountryPolicyService service, String event) {
        return switch (handle(service, event)) {
            case PolicyOutcome.Approved approved -> approved.decision();
            case PolicyOutcome.Denied denied -> denied.decision();
            case PolicyOutcome.Rejected rejected -> throw new AssertionError("rejected: " + rejected.reason());
        };
    }

    private static boolean replied(CountryPolicyService service, String event) {
        PolicyOutcome outcome = handle(service, event);
        assertThat(outcome).isInstanceOf(PolicyOutcome.Denied.class);
        return ((PolicyOutcome.Denied) outcome).replied();
    }

    private static CountryPolicy policy(String scope, Feature posting) {
        return new CountryPolicy(scope, posting, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, 5, 1000, "", null, null, 0);
    }

    private static CountryPolicy withPosting(CountryPolicy p, Feature posting) {
        return new CountryPolicy(p.scope(), posting, p.twoFactorSms(), p.postingAuth(), p.simSwapCheck(), p.simSwapMaxAgeHours(), p.maxPostsPerHourPerAccount(),
                p.maxCodesPerHourPerNumber(), p.maxCodesPerHourPerCountry(), p.note(), p.updatedAt(), p.updatedBy(), p.version());
    }

    private DynamoDbClient countingClient(Map<String, AtomicInteger> calls) {
        var emulator = stack.emulator();
        return DynamoDbClient.builder()
                .region(Region.of(emulator.region()))
                .endpointOverride(URI.create(emulator.endpoint().toString()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }))
                .build();
    }

    private static Map<String, Integer> count(Map<String, AtomicInteger> calls) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
