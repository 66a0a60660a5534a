package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

/**
 * The smoke check against a whole local system standing in for a deployment: the stack's outputs come
 * from a CloudFormation stack in moto, End User Messaging is the local outbox, and the pipeline runs in
 * the background the way Lambda's triggers would.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SmokeCheckIT {
    private static final String SIMULATOR = "+14255550123";

    @Test
    void passesWhenTheDeploymentAnswersAndFailsWhenADeadLetterQueueHoldsSomething(Stack stack, AwsEmulator emulator) throws Exception {
        stack.provisionAll();
        LocalSystem system = new LocalSystem(stack);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("InboundSmsTopicArn", stack.physicalId("InboundSmsTopic"));
        outputs.put("IdempotencyTableName", stack.physicalId("IdempotencyTable"));
        outputs.put("OriginationIdentity", stack.parameter("OriginationIdentityArn").orElseThrow());
        outputs.put("SmsConfigurationSetName", stack.physicalId("SmsConfigurationSet"));
        outputs.put("InboundNumbers", system.inboundNumbers().getFirst());
        outputs.put("CodeSendDeadLetterQueueUrl", stack.physicalId("CodeSendDeadLetterQueue"));
        String stackName = stack.name() + "-deployed";

        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), emulator.endpoint(), emulator);
             PinpointSmsVoiceV2Client sms = client(PinpointSmsVoiceV2Client.builder(), stack.outbox().endpoint(), emulator)) {
            cloudFormation.createStack(r -> r.stackName(stackName).templateBody(outputsOnly(outputs)));

            AtomicBoolean running = new AtomicBoolean(true);
            Thread lambda = new Thread(() -> {
                while (running.get()) {
                    system.pipeline().runUntilQuiet(hop -> { });
                    pause();
                }
            }, "pipeline");
            lambda.start();
            try {
                StringWriter printed = new StringWriter();
                boolean passed = new SmokeCheck(cloudFormation, sms, stack.sns(), stack.sqs(), stack.dynamoDb(), new PrintWriter(printed))
                        .run(stackName, SIMULATOR, Duration.ofSeconds(20));
                assertThat(passed).as(printed.toString()).isTrue();
                assertThat(printed.toString()).contains("dry-run send").contains("was handled by InboundSmsFunction")
                        .contains("CodeSendDeadLetterQueue holds 0 message(s)").contains("smoke passed").doesNotContain("5550123");
                SmsOutbox.Text dryRun = stack.outbox().texts().stream().filter(SmsOutbox.Text::dryRun).findFirst().orElseThrow();
                assertThat(dryRun.configurationSet()).isEqualTo(outputs.get("SmsConfigurationSetName"));
                assertThat(dryRun.originationIdentity()).isEqualTo(outputs.get("OriginationIdentity"));

                stack.sqs().sendMessage(r -> r.queueUrl(outputs.get("CodeSendDeadLetterQueueUrl")).messageBody("{}"));
                StringWriter again = new StringWriter();
                boolean failed = !new SmokeCheck(cloudFormation, sms, stack.sns(), stack.sqs(), stack.dynamoDb(), new PrintWriter(again))
                        .run(stackName, SIMULATOR, Duration.ofSeconds(20));
                assertThat(failed).as(again.toString()).isTrue();
                assertThat(again.toString()).contains("FAILED  CodeSendDeadLetterQueue holds 1 message(s)");
            } finally {
                running.set(false);
                lambda.join(10_000);
            }
        }
    }

    private static String outputsOnly(Map<String, String> outputs) {
        Map<String, Object> values = new LinkedHashMap<>();
        outputs.forEach((name, value) -> values.put(name, Map.of("Value", value)));
        return Json.write(Map.of(
                "AWSTemplateFormatVersion", "2010-09-09",
                "Resources", Map.of("Placeholder", Map.of("Type", "AWS::SNS::Topic")),
                "Outputs", values));
    }

    private static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(
            B builder, URI endpoint, AwsEmulator emulator) {
        return builder.region(Region.of(emulator.region())).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .build();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
