package io.smsgate.inbound;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.CommandParser;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * InboundSmsFunction's SnapStart priming: what a first text needs, without touching a table or a topic.
 * The SNS event, the two-way payload's validation, the command parser, sealing and the JSON of a
 * command. Its role reads no table, so one claim-shaped update of a reserved key goes out with a
 * condition that cannot hold (answered ConditionalCheckFailed, nothing written); the claim and opt-out
 * writes and the publishes to CommandsTopic and OutboundSmsTopic are stopped before transmission.
 */
final class InboundSmsPriming {
    private static final String SAMPLE = """
            {"originationNumber":"+12065550123","destinationNumber":"+12065550100","messageKeyword":"",\
            "messageBody":"priming","inboundMessageId":"priming-0","previousPublishedMessageId":""}""";

    private InboundSmsPriming() {
    }

    static void register(InboundSmsConfig config, InboundSmsValidator validator, CommandParser parser, KeyRing keys,
                         DynamoDbClient dynamo, SnsClient sns) {
        Priming.register("inbound parsing", () -> {
            parsing(validator, parser).run();
            SealContext context = SealContext.inbound("priming-0");
            Json.write(SmsCommand.of("priming-0", parser.parse("priming").name(), PhoneNumbers.trusted("+12065550123").country(),
                    keys.seal(PhoneNumbers.trusted("+12065550123"), context), "+12065550100",
                    keys.sealText("priming", context), Instant.EPOCH));
        });
        Priming.register("inbound AWS calls", awsCalls(config, dynamo, sns));
    }

    /** What needs no key: the SNS event, the two-way payload's validation, the command parser. */
    static Runnable parsing(InboundSmsValidator validator, CommandParser parser) {
        return () -> {
            EventPriming.sns();
            validator.validate(SAMPLE);
            parser.parse("STOP");
            parser.parse("priming");
        };
    }

    /** The claim's refused update for real; the claim and opt-out writes and both publishes stopped before transmission. */
    static Runnable awsCalls(InboundSmsConfig config, DynamoDbClient dynamo, SnsClient sns) {
        return () -> {
            // The role reads no table: a refused conditional update is its round trip (see AwsPriming).
            AwsPriming.refusedUpdate(dynamo, config.idempotencyTable(), "pk", "");
            AwsPriming.stoppedWrites(dynamo, config.idempotencyTable(), "pk", "");
            AwsPriming.stoppedWrites(dynamo, config.optOutsTable(), "phoneKey", "");
            AwsPriming.stoppedPublish(sns, config.commandsTopicArn());
            AwsPriming.stoppedPublish(sns, config.outboundSmsTopicArn());
        };
    }
}
