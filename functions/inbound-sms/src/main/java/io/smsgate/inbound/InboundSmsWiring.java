package io.smsgate.inbound;

import io.smsgate.shared.aws.DynamoIdempotencyGuard;
import io.smsgate.shared.aws.DynamoOptOutStore;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.CommandParser;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds InboundSmsService from the environment: plain constructors, once per execution environment. */
final class InboundSmsWiring {
    private static final String SAMPLE = """
            {"originationNumber":"+12065550123","destinationNumber":"+12065550100","messageKeyword":"",\
            "messageBody":"priming","inboundMessageId":"priming-0","previousPublishedMessageId":""}""";

    private InboundSmsWiring() {
    }

    static InboundSmsService service(Environment env) {
        InboundSmsConfig config = InboundSmsConfig.from(env);
        Platform platform = Platform.from(env, "InboundSmsFunction");
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        InboundSmsValidator validator = new InboundSmsValidator(config.destinationNumbers(), config.maxBodyLength(),
                config.allowFictionalNumbers());
        CommandParser parser = CommandParser.standard();
        Priming.register("inbound parsing", () -> {
            validator.validate(SAMPLE);
            parser.parse("STOP");
            SealContext context = SealContext.inbound("priming-0");
            Json.write(SmsCommand.of("priming-0", parser.parse("priming").name(), PhoneNumbers.trusted("+12065550123").country(),
                    platform.keys().seal(PhoneNumbers.trusted("+12065550123"), context), "+12065550100",
                    platform.keys().sealText("priming", context), Instant.EPOCH));
        });
        return new InboundSmsService(
                validator,
                parser,
                new DynamoIdempotencyGuard(dynamo, config.idempotencyTable(), config.idempotencyLease(), config.idempotencyRetention()),
                new DynamoOptOutStore(dynamo, config.optOutsTable()),
                new SnsTopic<>(sns, config.commandsTopicArn()),
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), platform.signer()),
                platform.keys(),
                config.replies(),
                config.selfManagedOptOuts(),
                platform.metrics(),
                platform.clock());
    }
}
