package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** The local pipeline: routing by the template's subscriptions, and Lambda's async retry semantics. */
@ExtendWith(AwsEmulatorExtension.class)
class PipelineIT {
    private static final String ALICE = "+447700900123";

    @Test
    void aTextRunsThroughEveryFunctionItIsRoutedTo(Stack stack, Project project) {
        stack.provisionAll();
        PolicySeed.write(project, stack);
        LocalSystem system = new LocalSystem(stack);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LocalSystem.Trace trace = system.text(ALICE, system.inboundNumbers().getFirst(), "hello world",
                new Report(new PrintStream(printed, true, StandardCharsets.UTF_8)), null);

        assertThat(trace.hops()).extracting(Pipeline.Hop::function)
                .containsExactly("InboundSmsFunction", "CountryPolicyFunction", "PostingFunction", "SendSmsFunction",
                        // The outbox publishes the reply's delivery event, as End User Messaging's event destination does.
                        "DeliveryReceiptFunction");
        assertThat(trace.hops()).allSatisfy(hop -> assertThat(hop.error()).isNull());
        assertThat(trace.on("PostsTopic")).as("not linked: nothing posted").isEmpty();
        assertThat(trace.texts()).singleElement().satisfies(text -> assertThat(text.body()).contains("turn on SMS posting"));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("InboundSmsTopic    -> InboundSmsFunction").contains("texted +44******0123")
                .contains("DeliveryEventsTopic -> DeliveryReceiptFunction")
                .doesNotContain("7700900123");
    }

    @Test
    void aFunctionThatKeepsFailingIsTriedThreeTimesThenDeadLettered(Stack stack) {
        stack.provisionAll();
        LocalSystem system = new LocalSystem(stack, false);
        String table = stack.physicalId("IdempotencyTable");
        stack.dynamoDb().deleteTable(r -> r.tableName(table));

        // HELP is claimed in IdempotencyTable (a POST is not: PostingFunction dedupes it), so it keeps failing.
        LocalSystem.Trace trace = system.text(ALICE, system.inboundNumbers().getFirst(), "HELP",
                new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), null);

        assertThat(trace.hops()).singleElement().satisfies(hop -> {
            assertThat(hop.function()).isEqualTo("InboundSmsFunction");
            assertThat(hop.attempts()).isEqualTo(Pipeline.MAX_ATTEMPTS);
            assertThat(hop.deadLettered()).isTrue();
        });
        List<Message> deadLetters = stack.sqs().receiveMessage(r -> r.queueUrl(stack.physicalId("InboundSmsDeadLetterQueue"))
                .maxNumberOfMessages(10)).messages();
        assertThat(deadLetters).singleElement().satisfies(message -> {
            var body = Json.tree(message.body());
            assertThat(body.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(body.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
        });
    }
}
