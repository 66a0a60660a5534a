package io.smsgate.policy;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.aws.PolicyCachePriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * CountryPolicyFunction's SnapStart priming, without writing a table or a topic: the SNS event, the
 * command's validation (opening the sealed sender), a decision, the approved command's JSON and a
 * denial reply's (the sender resealed, the MAC); the policy reads for real (a reserved scope, and
 * real items through the cache, which every restore clears: {@link PolicyCachePriming}); a refused
 * update under its counter prefix; the counter writes and both publishes stopped before
 * transmission. Only operations its role is granted.
 */
final class CountryPolicyPriming {
    /** The body is passed on unopened (this function holds no text-sealing key): any opaque value primes the same path. */
    private static final String PRIMING_SEALED_TEXT = "v2.k1.cHJpbWluZw";

    private CountryPolicyPriming() {
    }

    static void register(CountryPolicyConfig config, SmsCommandValidator validator, KeyRing keys, DynamoDbClient dynamo,
                         SnsClient sns, CachingCountryPolicies policies, CountryPolicies table) {
        Priming.register("policy decisions", () -> {
            EventPriming.sns();
            PhoneNumber sample = PhoneNumbers.trusted("+12065550123");
            SealContext context = SealContext.inbound("priming-0");
            SmsCommand command = SmsCommand.of("priming-0", CommandName.POST, sample.country(), keys.seal(sample, context),
                    "+12065550100", PRIMING_SEALED_TEXT, Instant.EPOCH);
            validator.validate(Json.write(command));
            PolicyDecision.of(CommandName.POST, new PolicySet(CountryCode.of("US"), Optional.empty(), Optional.empty(), Optional.empty()));
            MessageSigner signer = new MessageSigner(keys);
            signer.write(ApprovedCommand.safety(SmsCommand.of("priming-1", CommandName.UNDO, sample.country(),
                    command.sender(), "+12065550100", null, Instant.EPOCH), Instant.EPOCH));
            // A denial's reply: the sender resealed for the request, the OutboundSms JSON and its MAC.
            String requestId = "priming-0#policy-denied";
            signer.write(OutboundSms.text(requestId, OutboundSms.Purpose.POLICY_DENIED,
                    keys.reseal(command.sender(), context, SealContext.outbound(requestId)), CountryCode.of("US"), "priming",
                    "priming-0", Instant.EPOCH));
        });
        // Real policy items read through the cache, which every restore clears (see PolicyCachePriming).
        PolicyCachePriming.register(policies, table);
        Priming.register("policy AWS calls", awsCalls(config, dynamo, sns));
    }

    /** The policy reads and the refused update for real; the counter writes and both publishes stopped before transmission. */
    static Runnable awsCalls(CountryPolicyConfig config, DynamoDbClient dynamo, SnsClient sns) {
        return () -> {
            AwsPriming.getItem(dynamo, config.policiesTable(), "scope", "");
            AwsPriming.batchGetItem(dynamo, config.policiesTable(), "scope", "");
            AwsPriming.refusedUpdate(dynamo, config.countersTable(), "pk", "PolicyDenialReply#");
            AwsPriming.stoppedWrites(dynamo, config.countersTable(), "pk", "PolicyDenialReply#");
            AwsPriming.stoppedPublish(sns, config.approvedCommandsTopicArn());
            AwsPriming.stoppedPublish(sns, config.outboundSmsTopicArn());
        };
    }
}
