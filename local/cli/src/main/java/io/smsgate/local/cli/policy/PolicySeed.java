package io.smsgate.local.cli.policy;

import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** policies/seed.yaml written to a local stack's policy table: what every fresh local stack starts with. */
public final class PolicySeed {
    public static final String FILE = "policies/seed.yaml";

    private PolicySeed() {
    }

    /** Writes policies/seed.yaml to the stack's policy table; -1 when there is no seed file. */
    public static int write(Project project, Stack stack) {
        Path file = project.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        var catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId(PolicyTarget.TABLE_LOGICAL_ID));
        var changes = new PolicyEditor(catalog, "smsgate (seed)", Clock.systemUTC()).apply(PolicyFile.read(file), false);
        return changes.size();
    }
}
