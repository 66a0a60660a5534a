package io.smsgate.policy;

import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.security.KeyRing;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds CountryPolicyService from the environment: plain constructors, once per execution environment. */
final class CountryPolicyWiring {
    private CountryPolicyWiring() {
    }

    static CountryPolicyService service(Environment env) {
        CountryPolicyConfig config = CountryPolicyConfig.from(env);
        // A first command's SNS event and AWS calls, warmed beside the clients and the secrets read.
        try (Priming.Background event = Priming.inBackground("policy event", EventPriming::sns)) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("policy AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb(); SnsClient sns = clients.sns()) {
                    CountryPolicyPriming.awsCalls(config, dynamo, sns).run();
                }
            })) {
                return service(env, clients, null);
            }
        }
    }

    /** {@code clock}: null for the platform's; tests pass one they move by hand (cache expiry, the daily reply). */
    static CountryPolicyService service(Environment env, Clock clock) {
        return service(env, AwsClients.from(env), clock);
    }

    private static CountryPolicyService service(Environment env, AwsClients clients, Clock clock) {
        CountryPolicyConfig config = CountryPolicyConfig.from(env);
        // Opening (and resealing) the sender, MACing what it approves and its replies; never the body.
        Platform platform = Platform.from(env, clients, "CountryPolicyFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.APPROVED_COMMAND_MAC, KeyRing.Purpose.OUTBOUND_SMS_MAC);
        Clock time = clock == null ? platform.clock() : clock;
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        SmsCommandValidator validator = new SmsCommandValidator(platform.keys());
        DynamoCountryPolicies table = new DynamoCountryPolicies(dynamo, config.policiesTable());
        CachingCountryPolicies policies = new CachingCountryPolicies(table, config.policyCacheTtl(), time);
        CountryPolicyPriming.register(config, validator, platform.keys(), dynamo, sns, policies, table);
        return new CountryPolicyService(
                validator,
                policies,
                new DynamoCounters(dynamo, config.countersTable()),
                new SnsTopic<>(sns, config.approvedCommandsTopicArn(), platform.signer()),
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), platform.signer()),
                config.deniedReply(),
                platform.keys(),
                platform.metrics(),
                time);
    }
}
