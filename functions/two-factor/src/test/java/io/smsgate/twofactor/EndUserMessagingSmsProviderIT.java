package io.smsgate.twofactor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.port.TransientFaultException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ResourceNotFoundException;

/**
 * How the End User Messaging adapter reads each kind of answer, with WireMock answering as the service
 * does (AWS JSON 1.0 errors): what is final for a text, what is worth a retry, what is a deployment fault.
 */
class EndUserMessagingSmsProviderIT {
    private static final SmsProvider.OutgoingSms TEXT = new SmsProvider.OutgoingSms("+447700900123", "hello", Duration.ofMinutes(5),
            Map.of("requestId", "r-1"));

    private WireMockServer service;
    private PinpointSmsVoiceV2Client client;
    private EndUserMessagingSmsProvider provider;

    @BeforeEach
    void start() {
        service = new WireMockServer(options().dynamicPort());
        service.start();
        client = client(service.baseUrl());
        provider = new EndUserMessagingSmsProvider(client, "pool-1", "smsgate-config", false);
    }

    @AfterEach
    void stop() {
        client.close();
        service.stop();
    }

    private static PinpointSmsVoiceV2Client client(String endpoint) {
        Environment env = new Environment(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", endpoint));
        return AwsClients.from(env).buildSingleAttempt(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2");
    }

    @Test
    void aMessageIdIsASentText() {
        answer(200, null, "{\"MessageId\":\"m-1\"}");
        assertThat(provider.send(TEXT)).isEqualTo(new SmsProvider.Result.Sent("m-1"));
        assertThat(service.getAllServeEvents().getFirst().getRequest().getBodyAsString()).contains("\"TimeToLive\":300");
    }

    @Test
    void codesAndRepliesLeaveFromTheirOwnRegisteredIdentityWhenTheDeploymentHasTwo() {
        var senders = OriginationIdentities.from(new Environment(Map.of("ORIGINATION_IDENTITY", "arn:number",
                "CODE_ORIGINATION_IDENTITY", "arn:otp-campaign", "REPLY_ORIGINATION_IDENTITY", " ")));
        assertThat(senders).isEqualTo(new OriginationIdentities("arn:otp-campaign", "arn:number"));
        var split = new EndUserMessagingSmsProvider(client, new OriginationIdentities("arn:otp-campaign", "arn:care-campaign"),
                "smsgate-config", false);
        answer(200, null, "{\"MessageId\":\"m-1\"}");
        split.send(new SmsProvider.OutgoingSms("+447700900123", "Your code is 123456", Duration.ofMinutes(5), Map.of(), true));
        split.send(TEXT);
        var bodies = service.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList().reversed();
        assertThat(bodies.get(0)).contains("\"OriginationIdentity\":\"arn:otp-campaign\"");
        assertThat(bodies.get(1)).contains("\"OriginationIdentity\":\"arn:care-campaign\"");
    }

    @Test
    void refusalsAboutTheTextOrItsDestinationAreFinal() {
        answer(400, "ValidationException", "{\"__type\":\"ValidationException\",\"Reason\":\"DESTINATION_COUNTRY_BLOCKED\"}");
        assertThat(provider.send(TEXT)).isEqualTo(new SmsProvider.Result.Rejected("ValidationException/DESTINATION_COUNTRY_BLOCKED"));
        answer(400, "ConflictException", "{\"__type\":\"ConflictException\",\"Reason\":\"DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION\"}");
        assertThat(provider.send(TEXT)).isEqualTo(new SmsProvider.Result.Rejected(
                "ConflictException/DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION"));
        answer(402, "ServiceQuotaExceededException", "{\"__type\":\"ServiceQuotaExceededException\",\"Reason\":\"MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT\"}");
        assertThat(provider.send(TEXT)).isEqualTo(new SmsProvider.Result.Rejected(
                "ServiceQuotaExceededException/MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"));
        answer(403, "AccessDeniedException", "{\"__type\":\"AccessDeniedException\",\"Reason\":\"ACCOUNT_DISABLED\"}");
        assertThat(provider.send(TEXT)).isEqualTo(new SmsProvider.Result.Rejected("AccessDeniedException/ACCOUNT_DISABLED"));
    }

    @Test
    void throttlingAndAnUnreachableServiceAreTransientAndAServerErrorIsAnUnknownOutcome() {
        answer(400, "ThrottlingException", "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}");
        assertThatThrownBy(() -> provider.send(TEXT)).isInstanceOf(TransientFaultException.class)
                .isNotInstanceOf(SmsProvider.OutcomeUnknownException.class)
                .hasMessageContaining("ThrottlingException").hasNoCause();
        // A server error may come after the text was accepted: not retried by the SDK, and not "transient".
        answer(503, null, "");
        assertThatThrownBy(() -> provider.send(TEXT)).isInstanceOf(SmsProvider.OutcomeUnknownException.class).hasMessageContaining("503");
        assertThat(service.getAllServeEvents()).as("one attempt, no SDK retries").hasSize(1);

        int port = service.port();
        service.stop();
        try (PinpointSmsVoiceV2Client unreachable = client("http://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> new EndUserMessagingSmsProvider(unreachable, "pool-1", "cs", false).send(TEXT))
                    .isInstanceOf(TransientFaultException.class).isNotInstanceOf(SmsProvider.OutcomeUnknownException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Test
    void noAnswerInTimeIsAnUnknownOutcomeAfterOneAttempt() {
        service.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withFixedDelay(7_000)
                        .withBody("{\"MessageId\":\"late\"}")));
        assertThatThrownBy(() -> provider.send(TEXT)).isInstanceOf(SmsProvider.OutcomeUnknownException.class);
        assertThat(service.getAllServeEvents()).as("the request went out once, and only once").hasSize(1);
    }

    @Test
    void aMissingIdentityOrAPlainIamDenialIsADeploymentFaultThatPropagates() {
        answer(404, "ResourceNotFoundException", "{\"__type\":\"ResourceNotFoundException\",\"ResourceType\":\"pool\",\"ResourceId\":\"pool-1\"}");
        assertThatThrownBy(() -> provider.send(TEXT)).isInstanceOf(ResourceNotFoundException.class);
        answer(403, "AccessDeniedException", "{\"__type\":\"AccessDeniedException\",\"Message\":\"not authorized\"}");
        assertThatThrownBy(() -> provider.send(TEXT)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aCodeIsSentWithFeedbackEnabledAndAReplyIsNot() {
        answer(200, null, "{\"MessageId\":\"m-2\"}");
        SmsProvider.OutgoingSms code = new SmsProvider.OutgoingSms("+447700900123", "your code is 123456", Duration.ofMinutes(10),
                Map.of("verificationId", "v-1"), true);
        assertThat(provider.send(code)).isEqualTo(new SmsProvider.Result.Sent("m-2"));
        assertThat(service.getAllServeEvents().getFirst().getRequest().getBodyAsString()).contains("\"MessageFeedbackEnabled\":true");
        provider.send(TEXT);
        assertThat(service.getAllServeEvents().getFirst().getRequest().getBodyAsString())
                .as("a reply is not tracked").doesNotContain("MessageFeedbackEnabled");
        // Its feedback, once the code is entered: EndUserMessagingFeedbackIT.
    }

    private void answer(int status, String type, String body) {
        service.resetAll();
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
        if (type != null) {
            response.withHeader("x-amzn-ErrorType", type);
        }
        service.stubFor(post("/").willReturn(response));
    }
}
