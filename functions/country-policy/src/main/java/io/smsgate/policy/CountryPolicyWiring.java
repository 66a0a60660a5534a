package io.smsgate.policy;

import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.security.SealContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds CountryPolicyService from the environment: plain constructors, once per execution environment. */
final class CountryPolicyWiring {
    private CountryPolicyWiring() {
    }

    static CountryPolicyService service(Environment env) {
        return service(env, null);
    }

    /** {@code clock}: null for the platform's; tests pass one they move by hand (cache expiry, the daily reply). */
    static CountryPolicyService service(Environment env, Clock clock) {
        CountryPolicyConfig config = CountryPolicyConfig.from(env);
        Platform platform = Platform.from(env, "CountryPolicyFunction");
        Clock time = clock == null ? platform.clock() : clock;
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        SnsClient sns = platform.clients().sns();
        SmsCommandValidator validator = new SmsCommandValidator(platform.keys());
        Priming.register("policy decisions", () -> {
            PhoneNumber sample = PhoneNumbers.trusted("+12065550123");
            SealContext context = SealContext.inbound("priming-0");
            SmsCommand command = SmsCommand.of("priming-0", CommandName.POST, sample.country(), platform.keys().seal(sample, context),
                    "+12065550100", platform.keys().sealText("priming", context), Instant.EPOCH);
            validator.validate(Json.write(command));
            PolicyDecision.of(CommandName.POST, new PolicySet(CountryCode.of("US"), Optional.empty(), Optional.empty(), Optional.empty()));
            platform.signer().write(ApprovedCommand.safety(SmsCommand.of("priming-1", CommandName.UNDO, sample.country(),
                    command.sender(), "+12065550100", null, Instant.EPOCH), Instant.EPOCH));
        });
        return new CountryPolicyService(
                validator,
                new CachingCountryPolicies(new DynamoCountryPolicies(dynamo, config.policiesTable()), config.policyCacheTtl(), time),
                new DynamoCounters(dynamo, config.countersTable()),
                new SnsTopic<>(sns, config.approvedCommandsTopicArn(), platform.signer()),
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), platform.signer()),
                config.deniedReply(),
                platform.keys(),
                platform.metrics(),
                time);
    }
}
