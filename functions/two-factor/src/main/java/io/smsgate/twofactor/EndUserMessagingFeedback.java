package io.smsgate.twofactor;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.InternalServerException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageFeedbackStatus;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ThrottlingException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

/**
 * AWS End User Messaging, pinpoint-sms-voice-v2 {@code PutMessageFeedback} {@code RECEIVED}, on
 * SendSmsFunction's own single-attempt client (the one that sends: one client per service, each costs
 * start-up time). A retry is the queue's, not the SDK's: throttling, a server error and a request that
 * got no answer throw {@link ConversionFeedback.Retry} (the feedback comes back after a back-off; giving
 * it twice sets the same status); an unknown message id and an invalid request are refused for good; a
 * denial that names a reason (the account cannot use the service) is refused too, a plain IAM denial
 * propagates (a deployment fault).
 */
final class EndUserMessagingFeedback implements ConversionFeedback {
    private final PinpointSmsVoiceV2Client client;

    EndUserMessagingFeedback(PinpointSmsVoiceV2Client client) {
        this.client = client;
    }

    @Override
    public Result received(String messageId) {
        try {
            client.putMessageFeedback(r -> r.messageId(messageId).messageFeedbackStatus(MessageFeedbackStatus.RECEIVED));
            return new Result.Given();
        } catch (ThrottlingException e) {
            throw retry(e, true);
        } catch (InternalServerException e) {
            throw retry(e, false);
        } catch (ResourceNotFoundException e) {
            return new Result.Refused("MESSAGE_NOT_FOUND", EndUserMessagingSmsProvider.code(e));
        } catch (ValidationException e) {
            return new Result.Refused("VALIDATION", EndUserMessagingSmsProvider.code(e) + "/" + e.reasonAsString());
        } catch (AccessDeniedException e) {
            if (e.reason() != null) {
                return new Result.Refused("REFUSED", EndUserMessagingSmsProvider.code(e) + "/" + e.reasonAsString());
            }
            throw e;
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw retry(e, e.isThrottlingException());
            }
            return new Result.Refused("REFUSED", EndUserMessagingSmsProvider.code(e));
        } catch (SdkClientException e) {
            throw new Retry("End User Messaging: no answer (" + EndUserMessagingSmsProvider.cause(e) + ")", false);
        }
    }

    /** Without the provider's message or the exception as cause: whatever the handler logs stays free of request data. */
    private static Retry retry(AwsServiceException e, boolean throttled) {
        return new Retry("End User Messaging: " + EndUserMessagingSmsProvider.code(e) + " (HTTP " + e.statusCode() + ", request "
                + e.requestId() + ")", throttled);
    }
}
