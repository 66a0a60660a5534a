package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.aws.PolicyCachePriming;
import io.smsgate.shared.config.EventPriming;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.OutboundSmsReader;
import io.smsgate.shared.security.SealContext;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageFeedbackStatus;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;

/**
 * SendSmsFunction's SnapStart priming, without sending anything: the SQS event and a code text; the
 * one decode point for a request (its MAC checked, its JSON read into the record, the recipient opened),
 * for a text and a code request; the reads of its tables for real (a reserved key); real policy items
 * through the cache, which every restore clears ({@link PolicyCachePriming}); CodeSendQueue's depth
 * asked for real and a visibility change stopped before transmission; its writes stopped before
 * transmission; and End User Messaging's SendTextMessage stopped before transmission too (one refused
 * update under its SendSms# prefix is the only write that goes out), on the function's own
 * single-attempt client. That request is also a DryRun to a fictional number (555-01XX), so even a stop
 * that failed to fire would send nothing. The conversion feedback's {@code PutMessageFeedback} is stopped
 * before transmission the same way, for a message id End User Messaging never issued.
 */
final class SendSmsPriming {
    /** NANP 555-0100..0199 is reserved for fiction: no handset has it. */
    static final String NOWHERE = "+12065550199";

    private SendSmsPriming() {
    }

    static void register(SendSmsConfig config, CodeMessages messages, KeyRing keys, DynamoDbClient dynamo, PinpointSmsVoiceV2Client sms,
                         SendQueues queues, CachingCountryPolicies policies, CountryPolicies table) {
        Priming.register("code texts", () -> {
            parsing(messages).run();
            MessageSigner signer = new MessageSigner(keys);
            OutboundSmsReader reader = new OutboundSmsReader(keys);
            for (OutboundSms.Kind kind : OutboundSms.Kind.values()) {
                String requestId = "priming-0#" + kind;
                OutboundSms request = new OutboundSms(OutboundSms.TYPE, OutboundSms.VERSION, requestId, kind,
                        kind == OutboundSms.Kind.CODE ? OutboundSms.Purpose.VERIFICATION_CODE : OutboundSms.Purpose.POLICY_DENIED,
                        keys.seal(PhoneNumbers.trusted(NOWHERE), SealContext.outbound(requestId)), CountryCode.of("US").value(),
                        kind == OutboundSms.Kind.CODE ? null : "priming", kind == OutboundSms.Kind.CODE ? "priming-0" : null,
                        "en", "priming-0", Instant.EPOCH);
                if (!(reader.read(signer.write(request)) instanceof OutboundSmsReader.Accepted)) {
                    throw new IllegalStateException("a request signed for priming was not accepted");
                }
            }
        });
        PolicyCachePriming.register(policies, table);
        if (queues instanceof SqsSendQueues sqs) {
            Priming.register("send queues", sqs::prime);
        }
        Priming.register("send AWS calls", awsCalls(config, dynamo, sms));
    }

    /** What needs no key: the SQS batch and its answer, a code's text. */
    static Runnable parsing(CodeMessages messages) {
        return () -> {
            EventPriming.sqs();
            messages.text(VerificationPurpose.LOGIN, "en", "000000", Duration.ofMinutes(10));
        };
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
