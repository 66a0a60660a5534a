package io.smsgate.twofactor;

import io.smsgate.shared.port.TransientFaultException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.InternalServerException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.SendTextMessageRequest;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

/**
 * AWS End User Messaging, pinpoint-sms-voice-v2 {@code SendTextMessage}: from the configured origination
 * identity (a phone number or pool, by ARN or id), through the configured configuration set,
 * {@code MessageType} TRANSACTIONAL, with the text's time to live and context, and {@code DryRun} when
 * configured (smoke tests: validated and billed nothing, delivered nowhere).
 *
 * <p>One attempt per call (the client is built without SDK retries: {@code SendTextMessage} has no
 * idempotency token, so a retry after a lost answer texts twice). Throttling and a refused connection
 * mean the text was not sent: the request goes back on its queue (throttling: {@link SmsProvider.ThrottledException}).
 * A server error, a
 * timeout or a connection cut after the request was written may have sent it: {@link
 * SmsProvider.OutcomeUnknownException}, never sent again automatically. Errors about the message or its destination
 * (validation, opted out at the provider, blocked country, spend limit) are final for that text.
 * A missing configuration set or origination identity, or a plain IAM denial, is a deployment fault:
 * it propagates, so the request is retried and then dead-lettered for an operator to replay.
 *
 * <p>Codes are sent with {@code MessageFeedbackEnabled}: End User Messaging expects to be told when one
 * reaches a person, which {@link EndUserMessagingFeedback} does on the same client when a check approves it.
 */
final class EndUserMessagingSmsProvider implements SmsProvider {
    private final PinpointSmsVoiceV2Client client;
    private final OriginationIdentities senders;
    private final String configurationSet;
    private final boolean dryRun;

    EndUserMessagingSmsProvider(PinpointSmsVoiceV2Client client, String originationIdentity, String configurationSet, boolean dryRun) {
        this(client, OriginationIdentities.single(originationIdentity), configurationSet, dryRun);
    }

    EndUserMessagingSmsProvider(PinpointSmsVoiceV2Client client, OriginationIdentities senders, String configurationSet, boolean dryRun) {
        this.client = client;
        this.senders = senders;
        this.configurationSet = configurationSet;
        this.dryRun = dryRun;
    }

    @Override
    public Result send(OutgoingSms sms) {
        SendTextMessageRequest.Builder request = SendTextMessageRequest.builder()
                .destinationPhoneNumber(sms.destination())
                .originationIdentity(senders.forText(sms))
                .messageBody(sms.body())
                .messageType(MessageType.TRANSACTIONAL)
                .configurationSetName(configurationSet)
                .context(sms.context())
                .dryRun(dryRun);
        if (sms.converts()) {
            request.messageFeedbackEnabled(true);
        }
        if (sms.timeToLive() != null) {
            request.timeToLive((int) Math.max(5, Math.min(259_200, sms.timeToLive().toSeconds())));
        }
        try {
            return new Result.Sent(client.sendTextMessage(request.build()).messageId());
        } catch (ThrottlingException e) {
            throw transientFault(e);
        } catch (InternalServerException e) {
            throw outcomeUnknown(e);
        } catch (ValidationException e) {
            return new Result.Rejected(code(e) + "/" + e.reasonAsString());
        } catch (ConflictException e) {
            return new Result.Rejected(code(e) + "/" + e.reasonAsString());
        } catch (ServiceQuotaExceededException e) {
            return new Result.Rejected(code(e) + "/" + e.reasonAsString());
        } catch (AccessDeniedException e) {
            if (e.reason() != null) {
                // The account cannot send at all (disabled, reputation): final for this text, and loud.
                return new Result.Rejected(code(e) + "/" + e.reasonAsString());
            }
            throw e;
        } catch (ResourceNotFoundException e) {
            throw e;
        } catch (AwsServiceException e) {
            if (e.isThrottlingException()) {
                throw transientFault(e);
            }
            if (e.statusCode() >= 500) {
                throw outcomeUnknown(e);
            }
            return new Result.Rejected(code(e));
        } catch (SdkClientException e) {
            if (neverConnected(e)) {
                throw new TransientFaultException("End User Messaging unreachable: " + e.getClass().getSimpleName());
            }
            throw new SmsProvider.OutcomeUnknownException("End User Messaging: no answer (" + cause(e) + "): the text may have been sent");
        }
    }

    /** A connection that was never made (refused, no route, unknown host): the request cannot have left. */
    private static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static SmsProvider.OutcomeUnknownException outcomeUnknown(AwsServiceException e) {
        return new SmsProvider.OutcomeUnknownException("End User Messaging: " + code(e) + " (HTTP " + e.statusCode()
                + ", request " + e.requestId() + "): the text may have been sent");
    }

    /**
     * Without the provider's message or the exception as cause: an error message may quote the request,
     * and whatever the handler throws ends up in the log.
     */
    private static TransientFaultException transientFault(AwsServiceException e) {
        return new SmsProvider.ThrottledException("End User Messaging: " + code(e) + " (HTTP " + e.statusCode()
                + ", request " + e.requestId() + ")");
    }

    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null ? e.getClass().getSimpleName() : code;
    }
}
