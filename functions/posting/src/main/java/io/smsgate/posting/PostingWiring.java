package io.smsgate.posting;

import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SimSwapSignals;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds PostingService from the environment: plain constructors, once per execution environment. */
final class PostingWiring {
    private PostingWiring() {
    }

    static PostingService service(Environment env) {
        PostingConfig config = PostingConfig.from(env);
        // A first post's SNS event, PIN check and AWS calls, warmed beside the clients and the secrets read.
        try (Priming.Background event = Priming.inBackground("posting event and PIN check", () -> {
            EventPriming.sns();
            PinHasher.warmUp(PinHasher.DEFAULT_ITERATIONS);
        })) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("posting AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb(); SnsClient sns = clients.sns()) {
                    PostingPriming.awsCalls(config, dynamo, sns).run();
                }
            })) {
                return service(env, clients, null, UnaryOperator.identity(), UnaryOperator.identity(), SimSwapSignals::from);
            }
        }
    }

    /**
     * The same wiring with a given clock (null: the platform's) and a wrapper around PostsTopic, for
     * tests that move time or make a publish fail.
     */
    static PostingService service(Environment env, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic) {
        return service(env, AwsClients.from(env), clock, postsTopic, UnaryOperator.identity(), SimSwapSignals::from);
    }

    /** The same with a wrapper around SecurityEventsTopic and the SIM-swap signal given (tests). */
    static PostingService service(Environment env, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic,
                                  UnaryOperator<Topic<SecurityEvent>> securityTopic, SimSwapSignal simSwap) {
        return service(env, AwsClients.from(env), clock, postsTopic, securityTopic, platform -> simSwap);
    }

    private static PostingService service(Environment env, AwsClients clients, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic,
                                          UnaryOperator<Topic<SecurityEvent>> securityTopic,
                                          Function<Platform, SimSwapSignal> simSwapSignal) {
        PostingConfig config = PostingConfig.from(env);
        // Reading ApprovedCommand (its MAC, the sender and the body), resealing the sender for replies, the PIN.
        Platform platform = Platform.from(env, clients, "PostingFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.TEXT_SEALING, KeyRing.Purpose.APPROVED_COMMAND_MAC, KeyRing.Purpose.OUTBOUND_SMS_MAC,
                KeyRing.Purpose.PIN_PEPPER);
        SimSwapSignal simSwap = simSwapSignal.apply(platform);
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        PinHasher hasher = new PinHasher(platform.keys(), PinHasher.DEFAULT_ITERATIONS);
        PinCheck pins = new PinCheck(hasher);
        PostingPriming.register(config, hasher, pins, platform.keys(), dynamo, sns, simSwap);
        return new PostingService(
                config,
                new DynamoPhoneLinks(dynamo, config.phoneLinksTable()),
                new DynamoPostingReads(dynamo, config.postsTable(), config.phoneLinksTable()),
                new DynamoPostStore(dynamo, config.postsTable(), config.phoneLinksTable(), config.countersTable()),
                new DynamoCounters(dynamo, config.countersTable()),
                postsTopic.apply(new SnsTopic<>(sns, config.postsTopicArn())),
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), platform.signer()),
                securityTopic.apply(new SnsTopic<>(sns, config.securityEventsTopicArn())),
                simSwap,
                pins,
                platform.keys(),
                platform.metrics(),
                clock == null ? platform.clock() : clock);
    }
}
