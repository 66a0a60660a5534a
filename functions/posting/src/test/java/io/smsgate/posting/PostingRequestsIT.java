package io.smsgate.posting;

import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.posting.TestAccounts.PIN;
import static io.smsgate.posting.TestAccounts.post;
import static io.smsgate.posting.TestAccounts.undo;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.security.PinHasher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What one message costs in AWS requests: the service is wired as PostingWiring wires it, on SDK
 * clients that count every API call they make. These are the numbers the README quotes; a change
 * that adds a request fails here.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PostingRequestsIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final Map<String, Integer> calls = new TreeMap<>();
    private Stack stack;
    private SdkHttpClient http;
    private PostingService service;
    private TestAccounts accounts;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        Map<String, String> env = stack.functionEnvironment("PostingFunction");
        PostingConfig config = PostingConfig.from(new Environment(env));
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                synchronized (calls) {
                    calls.merge(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
                }
            }
        };
        http = UrlConnectionHttpClient.create();
        DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(env.get("AWS_REGION")))
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(http).overrideConfiguration(c -> c.addExecutionInterceptor(counting)).build();
        SnsClient sns = SnsClient.builder().region(Region.of(env.get("AWS_REGION")))
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(http).overrideConfiguration(c -> c.addExecutionInterceptor(counting)).build();
        MutableClock clock = new MutableClock(T0);
        service = new PostingService(config,
                new DynamoPhoneLinks(dynamo, config.phoneLinksTable()),
                new DynamoPostingReads(dynamo, config.postsTable(), config.phoneLinksTable()),
                new DynamoPostStore(dynamo, config.postsTable(), config.phoneLinksTable(), config.countersTable()),
                new DynamoCounters(dynamo, config.countersTable()),
                new SnsTopic<>(sns, config.postsTopicArn()),
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), new MessageSigner(TestAccounts.KEYS)),
                new SnsTopic<>(sns, config.securityEventsTopicArn()),
                io.smsgate.shared.port.SimSwapSignal.none(),
                new PinCheck(new PinHasher(TestAccounts.KEYS, PinHasher.DEFAULT_ITERATIONS)),
                TestAccounts.KEYS,
                new EmfMetrics("smsgate", "PostingFunction", clock),
                clock);
        accounts = new TestAccounts(stack);
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void aPostCostsFourDynamoDbRequestsAndOnePublish() {
        accounts.postingWithPin(T0.minus(Duration.ofDays(2)), false);
        assertThat(count(post("m-1", PIN + " Hello", T0))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DynamoDb BatchGetItem", 1,       // PostsTable (a redelivery?) and PhoneLinksTable (the link), together
                "DynamoDb UpdateItem", 2,         // PhoneLinksTable (the guess reserved before PBKDF2), PostsTable (published = true)
                "DynamoDb TransactWriteItems", 1, // the post (conditional Put) + the link still armed, its run of guesses ended
                                                  // + the account's hourly counter (CountersTable), under its limit
                "Sns Publish", 1));               // PostsTopic (PostCreated)
    }

    @Test
    void aConfirmationAddsAPublishAndAnEarlierWrongPinAddsNothing() {
        accounts.postingWithPin(T0.minus(Duration.ofDays(2)), true);
        assertThat(count(post("m-0", "1111 not my pin", T0))).as("a wrong PIN").containsExactlyInAnyOrderEntriesOf(Map.of(
                "DynamoDb BatchGetItem", 1,
                "DynamoDb UpdateItem", 2,         // the guess reserved, the reply budget
                "Sns Publish", 1));               // the reply
        assertThat(count(post("m-1", PIN + " Hello", T0))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DynamoDb BatchGetItem", 1,
                "DynamoDb UpdateItem", 2,
                "DynamoDb TransactWriteItems", 1, // ends the run of wrong PINs too: no request of its own
                "Sns Publish", 2));               // + OutboundSmsTopic (the confirmation)
    }

    @Test
    void aRedeliveryOfAnAnnouncedPostCostsOneRead() {
        accounts.postingWithPin(T0.minus(Duration.ofDays(2)), false);
        count(post("m-1", PIN + " Hello", T0));
        assertThat(count(post("m-1", PIN + " Hello", T0))).containsExactlyInAnyOrderEntriesOf(Map.of("DynamoDb BatchGetItem", 1));
    }

    @Test
    void theGenericRefusalCostsTheSameForAnUnlinkedAndAnOptedOutNumber() {
        Map<String, Integer> unlinked = count(post("m-1", PIN + " Hello", T0));
        stack.dynamoDb().deleteItem(r -> r.tableName(stack.physicalId("CountersTable"))
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        "PostingUnavailableReply#" + TestAccounts.PHONE_KEY))));
        accounts.linked(T0.minus(Duration.ofDays(2)));
        Map<String, Integer> postingOff = count(post("m-2", PIN + " Hello", T0));

        assertThat(unlinked).isEqualTo(postingOff).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DynamoDb BatchGetItem", 1, "DynamoDb PutItem", 1, "Sns Publish", 1));
    }

    @Test
    void anUndoCostsOneReadOneQueryTwoUpdatesAndTwoPublishes() {
        accounts.postingWithPin(T0.minus(Duration.ofDays(2)), false);
        count(post("m-1", PIN + " Hello", T0));
        assertThat(count(undo("u-1", T0.plusSeconds(60)))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DynamoDb GetItem", 1,       // PhoneLinksTable
                "DynamoDb Query", 1,         // PostsTable byAccount, latest
                "DynamoDb UpdateItem", 2,    // tombstone, deletePublished = true
                "Sns Publish", 2));          // PostDeleted, the reply
    }

    private Map<String, Integer> count(ApprovedCommand command) {
        synchronized (calls) {
            calls.clear();
        }
        service.handle(TestAccounts.signed(command), "sns-1");
        synchronized (calls) {
            System.out.printf("requests for %s %s: %s%n", command.command(), command.inboundMessageId(), calls);
            return Map.copyOf(calls);
        }
    }
}
