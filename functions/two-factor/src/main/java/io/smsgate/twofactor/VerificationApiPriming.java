package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.security.KeyRing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * VerificationApiFunction's SnapStart priming, without touching a table or a topic: the HTTP API event
 * and response, the request bodies and the phone key; the reads its role is granted, for real on a
 * reserved key, and one refused update; its writes and both publishes stopped before transmission. A person waits on this
 * function's first answer, so its first request should find everything loaded.
 */
final class VerificationApiPriming {
    private static final String START = """
            {"phone":"+447700900123","purpose":"LOGIN","accountId":"priming","locale":"en-GB"}""";

    private VerificationApiPriming() {
    }

    static void register(VerificationApiConfig config, RequestBodies bodies, KeyRing keys, DynamoDbClient dynamo, SnsClient sns) {
        Priming.register("verification API parsing", () -> {
            EventPriming.httpApi();
            bodies.start(START);
            bodies.check("{\"code\":\"000000\",\"purpose\":\"LOGIN\"}");
            bodies.settings("{\"smsPosting\":false}");
            keys.phoneKey(PhoneNumbers.trusted("+447700900123"));
        });
        Priming.register("verification API AWS calls", () -> {
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
        });
    }
}
