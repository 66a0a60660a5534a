package io.smsgate.posting;

import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SimSwapSignals;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.ApprovedCommandReader;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.security.PinHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds PostingService from the environment: plain constructors, once per execution environment. */
final class PostingWiring {
    private PostingWiring() {
    }

    static PostingService service(Environment env) {
        return service(env, null, UnaryOperator.identity());
    }

    /**
     * The same wiring with a given clock (null: the platform's) and a wrapper around PostsTopic, for
     * tests that move time or make a publish fail.
     */
    static PostingService service(Environment env, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic) {
        return service(env, clock, postsTopic, UnaryOperator.identity(), SimSwapSignals::from);
    }

    /** The same with a wrapper around SecurityEventsTopic and the SIM-swap signal given (tests). */
    static PostingService service(Environment env, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic,
                                  UnaryOperator<Topic<SecurityEvent>> securityTopic, SimSwapSignal simSwap) {
        return service(env, clock, postsTopic, securityTopic, platform -> simSwap);
    }

    private static PostingService service(Environment env, Clock clock, UnaryOperator<Topic<PostEvent>> postsTopic,
                                          UnaryOperator<Topic<SecurityEvent>> securityTopic,
                                          Function<Platform, SimSwapSignal> simSwapSignal) {
        PostingConfig config = PostingConfig.from(env);
        Platform platform = Platform.from(env, "PostingFunction");
        SimSwapSignal simSwap = simSwapSignal.apply(platform);
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        PinHasher hasher = new PinHasher(platform.keys(), PinHasher.DEFAULT_ITERATIONS);
        PinCheck pins = new PinCheck(hasher);
        Priming.register("posting checks", () -> {
            // PBKDF2, the PIN split, the sealed sender and the JSON paths, without touching a table or a topic.
            PhoneNumber sample = PhoneNumbers.trusted("+12065550123");
            SealContext context = SealContext.inbound("priming-0");
            ApprovedCommand command = new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, "priming-0",
                    CommandName.POST, "US", platform.keys().seal(sample, context), "+12065550100",
                    platform.keys().sealText("1234 priming", context), Instant.EPOCH,
                    "DEFAULT", PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 1, Instant.EPOCH);
            new ApprovedCommandReader(platform.keys()).read(platform.signer().write(command));
            // Several checks, so the JIT has compiled PBKDF2's loop (with its SHA-256 intrinsics) before the snapshot.
            String hash = hasher.hash("1234");
            for (int i = 0; i < 5; i++) {
                pins.check("1234 priming", hash);
            }
            PostText.of("priming", PostingConfig.MAX_POST_LENGTH);
            Json.write(PostCreated.of(Post.create("priming", "priming", "US", "priming-0", Instant.EPOCH, Instant.EPOCH, false)));
        });
        return new PostingService(
                config,
                new DynamoPhoneLinks(dynamo, config.phoneLinksTable()),
                new DynamoPostStore(dynamo, config.postsTable(), config.phoneLinksTable()),
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
