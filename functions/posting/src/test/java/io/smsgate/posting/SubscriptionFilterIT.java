package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * PostingFunction's subscription as template.yaml declares it (topic and FilterPolicy), applied by the
 * emulator's SNS to ApprovedCommands as CountryPolicyFunction publishes them: only POST and UNDO reach
 * the function.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SubscriptionFilterIT {

    @Test
    @SuppressWarnings("unchecked")
    void onlyPostAndUndoReachPostingFunction(Stack stack, Project project) {
        Map<String, Object> events = (Map<String, Object>) project.template().resource("PostingFunction").orElseThrow()
                .properties().get("Events");
        assertThat(events).hasSize(1);
        Map<String, Object> subscription = (Map<String, Object>) ((Map<String, Object>) events.values().iterator().next()).get("Properties");
        assertThat(String.valueOf(subscription.get("Topic"))).contains("ApprovedCommandsTopic");
        String filterPolicy = Json.write(subscription.get("FilterPolicy"));

        String queueUrl = stack.sqs().createQueue(r -> r.queueName(stack.name() + "-posting-subscription")).queueUrl();
        String queueArn = stack.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String topicArn = stack.physicalId("ApprovedCommandsTopic");
        stack.sns().subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("FilterPolicy", filterPolicy)));

        SnsTopic<ApprovedCommand> approved = new SnsTopic<>(stack.sns(), topicArn, new MessageSigner(TestAccounts.KEYS));
        for (CommandName name : CommandName.values()) {
            approved.publish(TestAccounts.command("m-" + name, name, null, Instant.parse("2026-11-25T10:00:00Z"),
                    io.smsgate.shared.domain.PostingAuth.PIN, 10));
        }

        List<String> delivered = new ArrayList<>();
        List<Message> batch;
        do {
            batch = stack.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                delivered.add(Json.tree(Json.tree(message.body()).path("Message").asText()).path("command").asText());
            }
        } while (!batch.isEmpty());
        assertThat(delivered).containsExactlyInAnyOrder("POST", "UNDO");
    }
}
