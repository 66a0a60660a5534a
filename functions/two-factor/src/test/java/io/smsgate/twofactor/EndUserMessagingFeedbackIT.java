package io.smsgate.twofactor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.AccessDeniedException;

/**
 * {@code PutMessageFeedback} as SendSmsFunction gives it, on its own single-attempt client, against
 * WireMock answering as End User Messaging does (AWS JSON 1.0): the request field by field, then how each
 * kind of answer is read (given, refused for good, worth a retry, a deployment fault).
 */
class EndUserMessagingFeedbackIT {
    private WireMockServer service;
    private PinpointSmsVoiceV2Client client;
    private EndUserMessagingFeedback feedback;

    @BeforeEach
    void start() {
        service = new WireMockServer(options().dynamicPort());
        service.start();
        client = client(service.baseUrl());
        feedback = new EndUserMessagingFeedback(client);
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
    void anEnteredCodeIsReportedReceivedForItsMessageId() {
        answer(200, null, "{\"MessageId\":\"m-2\",\"MessageFeedbackStatus\":\"RECEIVED\"}");
        assertThat(feedback.received("m-2")).isEqualTo(new ConversionFeedback.Result.Given());
        var request = service.getAllServeEvents().getFirst().getRequest();
        assertThat(request.getHeader("X-Amz-Target")).isEqualTo("PinpointSMSVoiceV2.PutMessageFeedback");
        assertThat(Json.tree(request.getBodyAsString())).isEqualTo(Json.tree("{\"MessageId\":\"m-2\",\"MessageFeedbackStatus\":\"RECEIVED\"}"));
    }

    @Test
    void anUnknownMessageOrAnInvalidRequestIsRefusedForGood() {
        answer(404, "ResourceNotFoundException", "{\"__type\":\"ResourceNotFoundException\",\"ResourceType\":\"message\",\"ResourceId\":\"m-9\"}");
        assertThat(feedback.received("m-9")).isEqualTo(new ConversionFeedback.Result.Refused("MESSAGE_NOT_FOUND", "ResourceNotFoundException"));
        answer(400, "ValidationException", "{\"__type\":\"ValidationException\",\"Reason\":\"FIELD_VALIDATION_FAILED\"}");
        assertThat(feedback.received("m-9")).isEqualTo(new ConversionFeedback.Result.Refused("VALIDATION",
                "ValidationException/FIELD_VALIDATION_FAILED"));
        answer(403, "AccessDeniedException", "{\"__type\":\"AccessDeniedException\",\"Reason\":\"ACCOUNT_DISABLED\"}");
        assertThat(feedback.received("m-9")).isEqualTo(new ConversionFeedback.Result.Refused("REFUSED", "AccessDeniedException/ACCOUNT_DISABLED"));
    }

    @Test
    void throttlingAServerErrorAndNoConnectionAreWorthARetryAfterOneAttempt() {
        answer(400, "ThrottlingException", "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}");
        assertThatThrownBy(() -> feedback.received("m-2")).isInstanceOfSatisfying(ConversionFeedback.Retry.class,
                        e -> assertThat(e.throttled()).isTrue())
                .hasMessageContaining("ThrottlingException").hasNoCause();
        answer(500, "InternalServerException", "{\"__type\":\"InternalServerException\"}");
        assertThatThrownBy(() -> feedback.received("m-2")).isInstanceOfSatisfying(ConversionFeedback.Retry.class,
                e -> assertThat(e.throttled()).isFalse());
        answer(503, null, "");
        assertThatThrownBy(() -> feedback.received("m-2")).isInstanceOf(ConversionFeedback.Retry.class).hasMessageContaining("503");
        assertThat(service.getAllServeEvents()).as("one attempt each: the queue retries, not the SDK").hasSize(1);

        int port = service.port();
        service.stop();
        try (PinpointSmsVoiceV2Client unreachable = client("http://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> new EndUserMessagingFeedback(unreachable).received("m-2"))
                    .isInstanceOf(ConversionFeedback.Retry.class).hasMessageContaining("no answer");
        }
    }

    @Test
    void aPlainIamDenialIsADeploymentFaultThatPropagates() {
        answer(403, "AccessDeniedException", "{\"__type\":\"AccessDeniedException\",\"Message\":\"not authorized\"}");
        assertThatThrownBy(() -> feedback.received("m-2")).isInstanceOf(AccessDeniedException.class);
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
