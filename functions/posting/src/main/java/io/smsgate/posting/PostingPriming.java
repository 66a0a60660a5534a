package io.smsgate.posting;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.aws.SimSwapPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.ApprovedCommandReader;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.security.PinHasher;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * PostingFunction's SnapStart priming, without touching a table or a topic: the SNS event, PBKDF2 (the
 * PIN check), the PIN split, the sealed sender and the JSON paths; the reads its role is granted
 * (PhoneLinksTable, PostsTable and its byAccountReceived index, its CountersTable prefixes) for real on a
 * reserved key, one refused update; the SIM-swap check against a stand-in inside the process
 * ({@link SimSwapPriming}); the post, lock and counter writes and the three publishes stopped before
 * transmission.
 */
final class PostingPriming {
    private PostingPriming() {
    }

    static void register(PostingConfig config, PinHasher hasher, PinCheck pins, KeyRing keys, DynamoDbClient dynamo, SnsClient sns,
                         SimSwapSignal simSwap) {
        Priming.register("posting checks", () -> {
            EventPriming.sns();
            PhoneNumber sample = PhoneNumbers.trusted("+12065550123");
            SealContext context = SealContext.inbound("priming-0");
            ApprovedCommand command = new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, "priming-0",
                    CommandName.POST, "US", keys.seal(sample, context), "+12065550100",
                    keys.sealText("1234 priming", context), Instant.EPOCH,
                    "DEFAULT", PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 1, Instant.EPOCH);
            // The one decode point: MAC check, JSON, the sealed sender and text opened.
            new ApprovedCommandReader(keys).read(new MessageSigner(keys).write(command));
            keys.open(command.sender(), context);
            // Several checks, so the JIT has compiled PBKDF2's loop (with its SHA-256 intrinsics) before the snapshot.
            String hash = hasher.hash("1234");
            for (int i = 0; i < 5; i++) {
                pins.check("1234 priming", hash);
            }
            PostText.of("priming", PostingConfig.MAX_POST_LENGTH);
            Json.write(PostCreated.of(Post.create("priming", "priming", "US", "priming-0", Instant.EPOCH, Instant.EPOCH, false)));
        });
        SimSwapPriming.register(simSwap);
        Priming.register("posting AWS calls", awsCalls(config, dynamo, sns));
    }

    /** The reads and the refused counter update for real; the writes and the publishes stopped before transmission. */
    static Runnable awsCalls(PostingConfig config, DynamoDbClient dynamo, SnsClient sns) {
        return () -> {
            AwsPriming.getItem(dynamo, config.phoneLinksTable(), "phoneKey", "");
            // A POST reads its post and its link in one BatchGetItem (PostingReads).
            AwsPriming.batchGetItem(dynamo, config.phoneLinksTable(), "phoneKey", "");
            AwsPriming.getItem(dynamo, config.postsTable(), "postId", "");
            AwsPriming.query(dynamo, config.postsTable(), "byAccountReceived", "accountId", "");
            AwsPriming.getItem(dynamo, config.countersTable(), "pk", "PostsPerHour#");
            AwsPriming.refusedUpdate(dynamo, config.countersTable(), "pk", "PostsPerHour#");
            AwsPriming.stoppedWrites(dynamo, config.postsTable(), "postId", "");
            AwsPriming.stoppedWrites(dynamo, config.phoneLinksTable(), "phoneKey", "");
            AwsPriming.stoppedWrites(dynamo, config.countersTable(), "pk", "PostsPerHour#");
            AwsPriming.stoppedPublish(sns, config.postsTopicArn());
            AwsPriming.stoppedPublish(sns, config.securityEventsTopicArn());
            AwsPriming.stoppedPublish(sns, config.outboundSmsTopicArn());
        };
    }
}
