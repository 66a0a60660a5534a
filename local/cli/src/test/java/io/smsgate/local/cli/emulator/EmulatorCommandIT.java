package io.smsgate.local.cli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.Cli;
import io.smsgate.local.cli.FreshLocalEmulator;
import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.emulator.Project;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ./smsgate emulator start|stop|status with the policy and invoke commands that use it: moto really
 * started in the background, the stack created and seeded, used by later commands, and stopped. The
 * state lives in target/smsgate-state (failsafe's smsgate.state.dir), never in the developer's .smsgate/.
 */
@ExtendWith(FreshLocalEmulator.class)
class EmulatorCommandIT {
    private final Project project = Project.locate();

    @Test
    void startedOnceThenUsedByPolicyAndInvokeThenStopped() throws IOException {
        Cli.Run start = Cli.smsgate("emulator", "start");
        assertThat(start.exit()).as(start.all()).isZero();
        long tables = project.template().resources().values().stream().filter(r -> r.type().equals("AWS::DynamoDB::Table")).count();
        assertThat(start.out()).contains("stack     smsgate-local: ").contains(tables + " tables").contains("policies/seed.yaml: 6 items written");
        LocalEmulator local = LocalEmulator.read(project).orElseThrow();
        assertThat(local.alive()).isTrue();
        assertThat(local.stack()).isEqualTo("smsgate-local");
        assertThat(Cli.smsgate("emulator", "start").out()).as("a second start").contains("already running");
        assertThat(Cli.smsgate("emulator", "status").exit()).isZero();

        Cli.Run list = Cli.smsgate("policy", "list");
        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.out()).contains("smsgate-local-CountryPoliciesTable in the local emulator at " + local.endpoint())
                .containsPattern("GB +ENABLED");

        Cli.Run approved = Cli.smsgate("invoke", "CountryPolicyFunction", "events/country-policy/post-gb.json");
        assertThat(approved.exit()).as(approved.all()).isZero();
        assertThat(approved.out()).contains("stack     smsgate-local  (the running emulator's")
                .contains("reason=APPROVED policy=GB").contains("ApprovedCommandsTopic  attributes {command=POST, country=GB}");

        assertThat(Cli.smsgate("policy", "kill-switch", "on").exit()).isZero();
        Cli.Run denied = Cli.smsgate("invoke", "CountryPolicyFunction", "events/country-policy/post-gb.json");
        assertThat(denied.out()).contains("reason=DENIED_GLOBAL").contains("ApprovedCommandsTopic: nothing")
                .as("only what this invoke published").containsOnlyOnce("POLICY_DENIED");

        Cli.Run discovered = Cli.smsgate("policy", "get", "GLOBAL", "--endpoint", local.endpoint().toString());
        assertThat(discovered.out()).as("the one *-CountryPoliciesTable there").contains("smsgate-local-CountryPoliciesTable")
                .containsPattern("smsPosting +DISABLED");

        Cli.Run stop = Cli.smsgate("emulator", "stop");
        assertThat(stop.out()).contains("stopped moto's server (pid " + local.pid() + ")");
        assertThat(ProcessHandle.of(local.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(LocalEmulator.file(project))).isFalse();
        assertThat(Cli.smsgate("emulator", "status").exit()).isEqualTo(1);
        assertThat(Cli.smsgate("policy", "list").err()).contains("no policy table to work on");
    }

    @Test
    void aDeadPidMeansNotRunning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new LocalEmulator(URI.create("http://127.0.0.1:9"), gone.pid(), "smsgate-local", "us-east-1", Instant.now()).write(project);

        assertThat(LocalEmulator.running(project)).isEqualTo(Optional.empty());
        Cli.Run status = Cli.smsgate("emulator", "status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).contains("not running (pid " + gone.pid());
        assertThat(Cli.smsgate("policy", "list").exit()).as("not used as a target").isEqualTo(2);
        assertThat(Cli.smsgate("emulator", "stop").out()).contains("was not running");
        assertThat(Files.exists(LocalEmulator.file(project))).isFalse();
    }

    @Test
    void aLiveProcessThatIsNotMotoIsNeitherUsedNorStopped() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            new LocalEmulator(URI.create("http://127.0.0.1:9"), other.pid(), "smsgate-local", "us-east-1", Instant.now()).write(project);
            assertThat(Cli.smsgate("emulator", "status").exit()).isEqualTo(1);
            assertThat(Cli.smsgate("emulator", "stop").out()).contains("was not running");
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroy();
        }
    }
}
