package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.aws.PolicyCachePriming;
import io.smsgate.shared.aws.SimSwapPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * VerificationApiFunction's SnapStart priming, without writing a table or a topic: the HTTP API event
 * and response, the request bodies, the phone key, a verification's sealed number resealed for its
 * code request and that request's JSON with its MAC, a security event's JSON; the reads its role is
 * granted, for real on a reserved key, and one refused update; real policy items through the cache,
 * which every restore clears ({@link PolicyCachePriming}); the SIM-swap check against a stand-in
 * inside the process ({@link SimSwapPriming}); its writes and both publishes stopped before
 * transmission. A person waits on this function's first answer, so its first request should find
 * everything loaded.
 */
final class VerificationApiPriming {
    private static final String START = """
            {"phone":"+447700900123","purpose":"LOGIN","accountId":"priming","locale":"en-GB"}""";

    private VerificationApiPriming() {
    }

    static void register(VerificationApiConfig config, RequestBodies bodies, KeyRing keys, DynamoDbClient dynamo, SnsClient sns,
                         CachingCountryPolicies policies, CountryPolicies table, SimSwapSignal simSwap) {
        Priming.register("verification API parsing", () -> {
            parsing(bodies).run();
            PhoneNumber sample = PhoneNumbers.trusted("+447700900123");
            keys.phoneKey(sample);
            // A start's code request: the number sealed for the verification, resealed for the request, signed.
            SealedNumber stored = keys.seal(sample, SealContext.verification("priming-0"));
            String requestId = "priming-0#1";
            new MessageSigner(keys).write(new OutboundSms(OutboundSms.TYPE, OutboundSms.VERSION, requestId, OutboundSms.Kind.CODE,
                    OutboundSms.Purpose.VERIFICATION_CODE, keys.reseal(stored, SealContext.verification("priming-0"),
                    SealContext.outbound(requestId)), "GB", null, "priming-0", "en-GB", "priming-0", Instant.EPOCH));
            Json.write(SecurityEvent.of(SecurityEvent.Type.PhoneLinked, "priming", "priming", "GB", Instant.EPOCH, List.of(), null,
                    "priming-0"));
        });
        PolicyCachePriming.register(policies, table);
        SimSwapPriming.register(simSwap);
        Priming.register("verification API AWS calls", awsCalls(config, dynamo, sns));
    }

    /**
     * A start's reads and decisions on the sample number, for real and writing nothing
     * ({@link VerificationService#primeStart}): the first start after a restore then finds its own path loaded too,
     * not only the SDK's.
     */
    static void registerStart(VerificationService verifications) {
        Priming.register("verification API start reads", () ->
                verifications.primeStart(PhoneNumbers.trusted("+447700900123"), VerificationPurpose.LOGIN));
    }

    /** What needs no key: the HTTP API event and the three request bodies. */
    static Runnable parsing(RequestBodies bodies) {
        return () -> {
            EventPriming.httpApi();
            bodies.start(START);
            bodies.check("{\"code\":\"000000\",\"purpose\":\"LOGIN\"}");
            bodies.settings("{\"smsPosting\":false}");
        };
    }

    /** The reads and the refused update for real; the writes and both publishes stopped before transmission. */
    static Runnable awsCalls(VerificationApiConfig config, DynamoDbClient dynamo, SnsClient sns) {
        return () -> {
            AwsPriming.getItem(dynamo, config.verificationsTable(), "pk", "");
            AwsPriming.refusedUpdate(dynamo, config.verificationsTable(), "pk", "");
            // A start reads its budgets with its other items in one BatchGetItem (StartReads).
            AwsPriming.batchGetItem(dynamo, config.countersTable(), "pk", "codes#number#");
            AwsPriming.batchGetItem(dynamo, config.countryPoliciesTable(), "scope", "");
            AwsPriming.getItem(dynamo, config.phoneLinksTable(), "phoneKey", "");
            AwsPriming.query(dynamo, config.phoneLinksTable(), "byAccount", "accountId", "");
            AwsPriming.stoppedWrites(dynamo, config.verificationsTable(), "pk", "");
            AwsPriming.stoppedWrites(dynamo, config.phoneLinksTable(), "phoneKey", "");
            AwsPriming.stoppedPublish(sns, config.outboundSmsTopicArn());
            AwsPriming.stoppedPublish(sns, config.securityEventsTopicArn());
        };
    }
}
