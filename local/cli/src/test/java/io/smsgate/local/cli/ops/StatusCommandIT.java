package io.smsgate.local.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.Cli;
import io.smsgate.local.cli.FreshLocalEmulator;
import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.Window;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ./smsgate status against the local emulator (moto): what it reads, and what it says it cannot. */
@ExtendWith(FreshLocalEmulator.class)
class StatusCommandIT {
    private final Project project = Project.locate();

    @Test
    void withNothingToReportOnItSaysWhatToGiveInOneLine() {
        Cli.Run run = Cli.smsgate("status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("smsgate: which stack? give --stack NAME");
    }

    @Test
    void oneScreenOnTheLocalStackAndHonestAboutAlarms() {
        assertThat(Cli.smsgate("emulator", "start").exit()).isZero();
        LocalEmulator local = LocalEmulator.read(project).orElseThrow();
        Instant now = Instant.now();
        AwsClients clients = AwsClients.from(new Environment(Map.of("AWS_REGION", local.region(), "AWS_ENDPOINT_URL",
                local.endpoint().toString(), "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")));
        try (DynamoDbClient dynamo = clients.dynamoDb(); SqsClient sqs = clients.build(SqsClient.builder(), "SQS")) {
            String counters = local.stack() + "-CountersTable";
            dynamo.putItem(r -> r.tableName(counters).item(Map.of("pk", AttributeValue.fromS("codes#global#" + Window.DAY.id(now)),
                    "count", AttributeValue.fromN("37"))));
            dynamo.putItem(r -> r.tableName(counters).item(Map.of("pk", AttributeValue.fromS("codes#country#GB#" + Window.HOUR.id(now)),
                    "count", AttributeValue.fromN("4"))));
            String queue = sqs.getQueueUrl(r -> r.queueName(local.stack() + "-CodeSendDeadLetterQueue")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"requestPayload\":{}}"));
        }

        Cli.Run status = Cli.smsgate("status");
        assertThat(status.exit()).as(status.all()).isZero();
        String budget = project.localParameters().getOrDefault("GlobalDailyCodeBudget", "10000");
        assertThat(status.out())
                .contains("status       stack smsgate-local, the local emulator at " + local.endpoint())
                .containsPattern("kill switch +off")
                .containsPattern("policies +\\S+ +posting")
                .containsPattern("GB +posting ENABLED")
                .contains("codes today  37 of " + budget + " (global, UTC day " + Window.DAY.id(now) + ")")
                .containsPattern("this hour: .*GB 4 of \\d+")
                .contains("dead letters InboundSms 0, CountryPolicy 0, Posting 0, CodeSend 1, TextSend 0, DeliveryReceipt 0   (waiting: see docs/operations.md")
                .contains("alarms       cannot read: a local stack has no CloudWatch alarms")
                .contains("guard trips  none in force (./smsgate fraud status shows the windows)");

        assertThat(Cli.smsgate("policy", "kill-switch", "on").exit()).isZero();
        assertThat(Cli.smsgate("status").out()).containsPattern("kill switch +ON: SMS posting DISABLED everywhere \\(since ");
    }
}
