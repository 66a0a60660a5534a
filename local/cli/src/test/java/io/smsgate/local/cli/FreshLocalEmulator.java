package io.smsgate.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smsgate.local.emulator.Project;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests of commands that start the local emulator themselves: no emulator state before each test
 * (kept under target/, never the developer's .smsgate/), and whatever a test started is stopped after
 * it. Skipped when AWS_ENDPOINT_URL names another target.
 */
public final class FreshLocalEmulator implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        assumeTrue(System.getenv("AWS_ENDPOINT_URL") == null, "AWS_ENDPOINT_URL names a target");
        Project project = Project.locate();
        assertThat(LocalEmulator.stateDirectory(project).toString()).as("tests keep their own state").contains("target");
        LocalEmulator.delete(project);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Cli.smsgate("emulator", "stop");
    }
}
