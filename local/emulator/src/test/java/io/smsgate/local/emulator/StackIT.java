package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@ExtendWith(AwsEmulatorExtension.class)
class StackIT {
    private static CloudFormationTemplate template() throws URISyntaxException {
        return CloudFormationTemplate.load(Path.of(StackIT.class.getResource("/intrinsics.yaml").toURI()));
    }

    @Test
    void resolvesAFunctionsEnvironmentAndCreatesWhatItReferences(AwsEmulator emulator) throws Exception {
        try (Stack stack = Stack.create(emulator, template(), Map.of())) {
            Map<String, String> env = stack.functionEnvironment("Function");

            assertThat(env.get("TABLE")).isEqualTo(stack.name() + "-Table");
            assertThat(env.get("TABLE_ARN")).startsWith("arn:aws:dynamodb:").endsWith(":table/" + stack.name() + "-Table");
            assertThat(env.get("TOPIC")).startsWith("arn:aws:sns:").endsWith(":" + stack.name() + "-Topic");
            assertThat(env.get("QUEUE_ARN")).startsWith("arn:aws:sqs:").endsWith(stack.name() + "-Queue");
            assertThat(env.get("NUMBERS")).isEqualTo("+12065550100,+12065550101");
            assertThat(env.get("FIRST")).isEqualTo("+12065550100");
            assertThat(env.get("NAME")).isEqualTo(stack.name() + "-" + stack.name() + "-Topic-in-" + emulator.region());
            assertThat(env.get("LITERAL")).isEqualTo("${NotAVariable}");
            assertThat(env.get("CHOSEN")).isEqualTo("existing");
            assertThat(env.get("EXISTING")).isEqualTo("yes");
            assertThat(env.get("GLOBAL")).isEqualTo("from-globals");
            assertThat(env.get("OVERRIDDEN")).isEqualTo("function");
            assertThat(env.get("NUMBER")).isEqualTo("42");
            assertThat(env.get("AWS_ENDPOINT_URL")).isEqualTo(emulator.endpoint().toString());
            assertThat(stack.handler("Function")).isEqualTo("example.Handler::handleRequest");
        }
    }

    @Test
    void createsTablesAsTheTemplateDefinesThem(AwsEmulator emulator) throws Exception {
        try (Stack stack = Stack.create(emulator, template(), Map.of())) {
            String table = stack.physicalId("Table");
            TableDescription description = stack.dynamoDb().describeTable(r -> r.tableName(table)).table();
            assertThat(description.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk");
            assertThat(description.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byAccount");
            assertThat(stack.dynamoDb().describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(stack.tables()).containsExactly("Table");
        }
    }

    @Test
    void parametersOverrideDefaultsAndConditionsFollow(AwsEmulator emulator) throws Exception {
        try (Stack stack = Stack.create(emulator, template(), Map.of("Mode", "provision", "Numbers", "+1"))) {
            Map<String, String> env = stack.functionEnvironment("Function");
            assertThat(env.get("CHOSEN")).isEqualTo("provisioned");
            assertThat(env.get("EXISTING")).isEqualTo("no");
            assertThat(env.get("NUMBERS")).isEqualTo("+1");
        }
    }

    @Test
    void refusesWhatTheTemplateDoesNotHave(AwsEmulator emulator) throws Exception {
        try (Stack stack = Stack.create(emulator, template(), Map.of())) {
            assertThatThrownBy(() -> stack.physicalId("NoSuchTable")).hasMessageContaining("NoSuchTable");
            assertThatThrownBy(() -> stack.physicalId("OnlyWhenProvisioned")).hasMessageContaining("condition Provision");
            assertThatThrownBy(() -> stack.functionEnvironment("Table")).hasMessageContaining("no function Table");
        }
        assertThatThrownBy(() -> Stack.create(emulator, template(), Map.of("Nope", "x"))).hasMessageContaining("no parameter Nope");
    }

    @Test
    void aTapSeesEveryMessagePublishedToItsTopic(AwsEmulator emulator) throws Exception {
        try (Stack stack = Stack.create(emulator, template(), Map.of())) {
            String topic = stack.physicalId("Topic");
            stack.sns().publish(r -> r.topicArn(topic).message("{\"n\":1}").messageAttributes(Map.of("kind",
                    software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder().dataType("String").stringValue("TEXT").build())));
            stack.sns().publish(r -> r.topicArn(topic).message("{\"n\":2}"));
            List<TopicTap.Published> messages = stack.tap("Topic").await(2, java.time.Duration.ofSeconds(5));
            assertThat(messages).extracting(TopicTap.Published::body).containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(messages.getFirst().attributes()).containsEntry("kind", "TEXT");
            assertThat(stack.tap("Topic").messages()).as("reading again keeps what was read").hasSize(2);
        }
    }

    @Test
    void aNamedStackIsFoundAgainByALaterProcess(AwsEmulator emulator) throws Exception {
        String name = "smsgate-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (Stack first = Stack.named(name, emulator, template(), Map.of())) {
            String table = first.physicalId("Table");
            first.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("kept"))));
            first.physicalId("Topic");
        }
        try (Stack again = Stack.named(name, emulator, template(), Map.of())) {
            assertThat(again.physicalId("Table")).isEqualTo(name + "-Table");
            assertThat(again.scan("Table")).extracting(item -> item.get("pk").s()).containsExactly("kept");
            String topic = again.physicalId("Topic");
            again.sns().publish(r -> r.topicArn(topic).message("{\"n\":1}"));
            assertThat(again.tap("Topic").messages()).as("one tap subscription, not two").hasSize(1);
        }
        assertThatThrownBy(() -> Stack.named("no spaces", emulator, template(), Map.of())).hasMessageContaining("stack name");
    }

    @Test
    void theProjectsTopicsAndQueuesAreEncryptedWithTheStacksKeyAndStillCarryMessages(AwsEmulator emulator) {
        CloudFormationTemplate project = Project.locate().template();
        String name = "smsgate-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String keyId;
        try (Stack stack = Stack.named(name, emulator, project, Map.of())) {
            keyId = stack.physicalId("DataKey");
            assertThat(stack.kms().describeKey(r -> r.keyId(keyId)).keyMetadata().enabled()).isTrue();
            String topic = stack.physicalId("CommandsTopic");
            assertThat(stack.sns().getTopicAttributes(r -> r.topicArn(topic)).attributes()).containsEntry("KmsMasterKeyId", keyId);
            String queue = stack.physicalId("InboundSmsDeadLetterQueue");
            assertThat(stack.sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.ALL)).attributesAsStrings())
                    .containsEntry("KmsMasterKeyId", keyId)
                    .containsEntry("MessageRetentionPeriod", "345600");

            stack.sns().publish(r -> r.topicArn(topic).message("{\"n\":1}"));
            assertThat(stack.tap("CommandsTopic").await(1, java.time.Duration.ofSeconds(5))).hasSize(1);
            stack.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("{\"n\":2}"));
            assertThat(stack.sqs().receiveMessage(r -> r.queueUrl(queue)).messages()).hasSize(1);
        }
        try (Stack again = Stack.named(name, emulator, project, Map.of())) {
            assertThat(again.physicalId("DataKey")).as("a named stack finds its key again").isEqualTo(keyId);
        }
    }
}
