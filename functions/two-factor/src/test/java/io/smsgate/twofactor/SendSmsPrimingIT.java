package io.smsgate.twofactor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

/** SendSmsFunction's priming runs End User Messaging's client up to the wire and no further: nothing reaches the provider. */
@ExtendWith(AwsEmulatorExtension.class)
class SendSmsPrimingIT {
    private WireMockServer endUserMessaging;
    private SendSmsConfig config;
    private AwsClients clients;
    private Stack stack;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        endUserMessaging = new WireMockServer(options().dynamicPort());
        endUserMessaging.start();
        endUserMessaging.stubFor(post("/").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{\"MessageId\":\"m-1\"}")));
        Map<String, String> env = new HashMap<>(stack.functionEnvironment("SendSmsFunction"));
        env.put(Stack.SMS_ENDPOINT_VARIABLE, endUserMessaging.baseUrl());
        Environment environment = new Environment(env);
        config = SendSmsConfig.from(environment);
        clients = AwsClients.from(environment);
    }

    @AfterEach
    void tearDown() {
        endUserMessaging.stop();
    }

    @Test
    void primingSendsNothingAndWritesNothing() {
        PinpointSmsVoiceV2Client sms = clients.buildSingleAttempt(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2");

        SendSmsPriming.awsCalls(config, clients.dynamoDb(), sms).run();

        assertThat(endUserMessaging.getAllServeEvents()).isEmpty();
        assertThat(stack.scan("CountersTable")).isEmpty();
        assertThat(stack.scan("VerificationsTable")).isEmpty();
    }

    @Test
    void theSameRequestWithoutTheStopWouldReachTheProvider() {
        PinpointSmsVoiceV2Client sms = clients.buildSingleAttempt(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2");

        sms.sendTextMessage(r -> r.destinationPhoneNumber(SendSmsPriming.NOWHERE).messageBody("priming").dryRun(true));

        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
    }

    @Test
    void theQueuesArePrimedWithARealDepthReadAndAVisibilityChangeThatNeverLeaves() {
        java.util.List<String> sent = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor counting = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void afterTransmission(software.amazon.awssdk.core.interceptor.Context.AfterTransmission context,
                                          software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                sent.add(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        Environment environment = new Environment(stack.functionEnvironment("SendSmsFunction")).withClientInterceptors(java.util.List.of(counting));
        SendSmsConfig queuesConfig = SendSmsConfig.from(environment);
        assertThat(queuesConfig.codeQueueUrl()).as("the local stack has the send queues").isNotBlank();
        SqsSendQueues queues = new SqsSendQueues(AwsClients.from(environment).build(software.amazon.awssdk.services.sqs.SqsClient.builder(), "SQS"),
                queuesConfig.codeQueueUrl(), queuesConfig.textQueueUrl());

        queues.prime();

        assertThat(sent).containsExactly("GetQueueAttributes");
        assertThat(queues.codesQueued(java.time.Instant.EPOCH.plusSeconds(3600))).isZero();
        assertThat(sent).as("the primed depth is not kept: the first message asks").containsExactly("GetQueueAttributes", "GetQueueAttributes");
    }
}
