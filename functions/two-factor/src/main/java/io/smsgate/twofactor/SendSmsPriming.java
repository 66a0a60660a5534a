package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageFeedbackStatus;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;

/**
 * SendSmsFunction's SnapStart priming, without sending anything: the SNS event and a code text; the
 * reads of its tables for real (a reserved key); its writes stopped before transmission; and End User
 * Messaging's SendTextMessage stopped before transmission too (one refused update under its SendSms#
 * prefix is the only write that goes out), on the function's own single-attempt
 * client. That request is also a DryRun to a fictional number (555-01XX), so even a stop that failed
 * to fire would send nothing. The conversion feedback's {@code PutMessageFeedback} is stopped before
 * transmission the same way, for a message id End User Messaging never issued.
 */
final class SendSmsPriming {
    /** NANP 555-0100..0199 is reserved for fiction: no handset has it. */
    static final String NOWHERE = "+12065550199";

    private SendSmsPriming() {
    }

    static void register(SendSmsConfig config, CodeMessages messages, DynamoDbClient dynamo, PinpointSmsVoiceV2Client sms) {
        Priming.register("code texts", () -> {
            EventPriming.sqs();
            messages.text(VerificationPurpose.LOGIN, "en", "000000", Duration.ofMinutes(10));
        });
        Priming.register("send AWS calls", awsCalls(config, dynamo, sms));
    }

    /** The reads for real, the writes and the send stopped before transmission. */
    static Runnable awsCalls(SendSmsConfig config, DynamoDbClient dynamo, PinpointSmsVoiceV2Client sms) {
        return () -> {
            AwsPriming.getItem(dynamo, config.verificationsTable(), "pk", "");
            AwsPriming.getItem(dynamo, config.countersTable(), "pk", "codes#number#");
            AwsPriming.getItem(dynamo, config.optOutsTable(), "phoneKey", "");
            // A code's verification and opt-out are one BatchGetItem (SendReads).
            AwsPriming.batchGetItem(dynamo, config.optOutsTable(), "phoneKey", "");
            AwsPriming.batchGetItem(dynamo, config.countryPoliciesTable(), "scope", "");
            AwsPriming.refusedUpdate(dynamo, config.countersTable(), "pk", "SendSms#");
            AwsPriming.stoppedWrites(dynamo, config.countersTable(), "pk", "SendSms#");
            AwsPriming.stoppedWrites(dynamo, config.verificationsTable(), "pk", "");
            AwsPriming.stopped("SendTextMessage", stop -> sms.sendTextMessage(r -> r.overrideConfiguration(stop)
                    .destinationPhoneNumber(NOWHERE).originationIdentity(config.originationIdentity())
                    .messageBody("priming").messageType(MessageType.TRANSACTIONAL)
                    .configurationSetName(config.configurationSet()).context(java.util.Map.of("priming", "true"))
                    .timeToLive(300).dryRun(true)));
            AwsPriming.stopped("PutMessageFeedback", stop -> sms.putMessageFeedback(r -> r.overrideConfiguration(stop)
                    .messageId("smsgate-priming-never-issued").messageFeedbackStatus(MessageFeedbackStatus.RECEIVED)));
        };
    }
}
