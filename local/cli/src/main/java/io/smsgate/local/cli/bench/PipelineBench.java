package io.smsgate.local.cli.bench;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.run.DemoCommand;
import io.smsgate.local.cli.run.LocalSystem;
import io.smsgate.local.cli.run.LocalTarget;
import io.smsgate.local.cli.run.Report;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.security.SealContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code smsgate bench pipeline}: one text at a time through the local pipeline, warm, for a linked
 * account posting with its PIN (InboundSmsFunction, CountryPolicyFunction, PostingFunction): the time
 * from the publish to InboundSmsTopic until the pipeline is quiet, and PostCreated is out. Prints the
 * distribution; numbers, not assertions.
 */
final class PipelineBench {
    private PipelineBench() {
    }

    static int run(EmulatorOptions options, int count) {
        Project project = Project.locate();
        try (LocalTarget target = LocalTarget.open(project, options, true, false)) {
            Stack stack = target.stack();
            KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
            var alice = PhoneNumbers.parse(DemoCommand.ALICE, true).orElseThrow();
            var links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
            links.link(keys.phoneKey(alice), DemoCommand.ACCOUNT, keys.seal(alice, SealContext.link(keys.phoneKey(alice))).sealed(), alice.country().value(), Instant.now().minus(Duration.ofDays(2)));
            links.updateSettings(DemoCommand.ACCOUNT, new PhoneLinks.SettingsChange(true,
                    new PinHasher(keys, PinHasher.DEFAULT_ITERATIONS).hash(DemoCommand.PIN), null), Instant.now());
            // Hourly post limit of the seed's GB policy: the bench posts as a tenant with room to post.
            stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("CountryPoliciesTable"))
                    .key(java.util.Map.of("scope", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("GB")))
                    .updateExpression("SET maxPostsPerHourPerAccount = :many")
                    .expressionAttributeValues(java.util.Map.of(":many",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("100000"))));

            LocalSystem system = new LocalSystem(stack, false);
            Report silent = new Report(new PrintStream(OutputStream.nullOutputStream()));
            String to = system.inboundNumbers().getFirst();
            List<Long> millis = new ArrayList<>();
            int hops = 0;
            for (int i = 0; i < count + 5; i++) {
                LocalSystem.Trace trace = system.text(DemoCommand.ALICE, to, DemoCommand.PIN + " bench post " + i, silent, null);
                if (i >= 5) {
                    millis.add(trace.millis());
                    hops = trace.hopCount();
                }
            }
            millis.sort(Long::compare);
            System.out.printf("pipeline, %d texts after 5 warm-up, each a post with a PIN through %d hops, against %s%n",
                    count, hops, target.emulator().describe());
            System.out.printf("publish to quiet: median %d ms, p90 %d ms, max %d ms, min %d ms%n", millis.get(millis.size() / 2),
                    millis.get((int) Math.floor(millis.size() * 0.9)), millis.getLast(), millis.getFirst());
            return 0;
        }
    }
}
