package io.smsgate.inbound;

import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoIdempotencyGuard;
import io.smsgate.shared.aws.DynamoOptOutStore;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.CommandParser;
import io.smsgate.shared.security.KeyRing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds InboundSmsService from the environment: plain constructors, once per execution environment. */
final class InboundSmsWiring {
    private InboundSmsWiring() {
    }

    static InboundSmsService service(Environment env) {
        InboundSmsConfig config = InboundSmsConfig.from(env);
        InboundSmsValidator validator = new InboundSmsValidator(config.destinationNumbers(), config.maxBodyLength(),
                config.allowFictionalNumbers());
        CommandParser parser = CommandParser.standard();
        // What a first text parses and the AWS calls it makes, warmed beside the clients and the secrets read.
        try (Priming.Background parsing = Priming.inBackground("inbound parsing", InboundSmsPriming.parsing(validator, parser))) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("inbound AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb(); SnsClient sns = clients.sns()) {
                    InboundSmsPriming.awsCalls(config, dynamo, sns).run();
                }
            })) {
                return service(env, config, validator, parser, clients);
            }
        }
    }

    private static InboundSmsService service(Environment env, InboundSmsConfig config, InboundSmsValidator validator,
                                             CommandParser parser, AwsClients clients) {
        // The phone key (opt-outs), sealing the sender and the body, MACing its replies: nothing else.
        Platform platform = Platform.from(env, clients, "InboundSmsFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.TEXT_SEALING, KeyRing.Purpose.OUTBOUND_SMS_MAC);
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        InboundSmsPriming.register(config, validator, parser, platform.keys(), dynamo, sns);
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
