package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding a Python for moto's server: the configured one when it has moto; otherwise the project's
 * virtual environment, made and filled by pip; and one line, not a trace, when that cannot work.
 */
class MotoPythonIT {
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream say = new PrintStream(said, true, StandardCharsets.UTF_8);

    @Test
    void aPythonThatHasMotoIsUsedAsItIsAndNoVirtualEnvironmentIsMade(@TempDir Path dir) {
        Path venv = dir.resolve("venv");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("SMSGATE_PYTHON"); // python3 on this project's machines has moto (FACTS.md).

        assertThat(MotoPython.find(environment, venv, say)).isEqualTo("python3");
        assertThat(venv).doesNotExist();
        assertThat(said.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutMotoAndWithoutTheNetworkItSaysSoInOneLine(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("bare");
        Process make = new ProcessBuilder("python3", "-m", "venv", "--without-pip", bare.toString()).inheritIO().start();
        assertThat(make.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).isZero();
        Path venv = dir.resolve("smsgate/venv");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("SMSGATE_PYTHON", MotoPython.venvPython(bare).toString());
        offline(environment);

        assertThatThrownBy(() -> MotoPython.find(environment, venv, say))
                .isInstanceOf(EmulatorUnavailable.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("cannot install moto[server]==5.2.1")
                .hasMessageContaining("pip install 'moto[server]==5.2.1' for SMSGATE_PYTHON=" + MotoPython.venvPython(bare));
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("has no moto server; installing moto[server]==5.2.1 into " + venv);
        assertThat(MotoPython.venvPython(venv)).exists(); // Made once, kept for the next attempt.
        assertThat(Files.readString(venv.resolveSibling("venv-install.log"))).contains("moto");
    }

    @Test
    void anInterpreterThatDoesNotExistIsNamed(@TempDir Path dir) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("SMSGATE_PYTHON", dir.resolve("no-such-python").toString());

        assertThatThrownBy(() -> MotoPython.find(environment, dir.resolve("venv"), say))
                .isInstanceOf(EmulatorUnavailable.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("cannot run SMSGATE_PYTHON=" + dir.resolve("no-such-python"))
                .hasMessageContaining("correct SMSGATE_PYTHON");
        assertThat(dir.resolve("venv")).doesNotExist();
    }

    /** pip with no index it can reach: no configuration file, no local wheels, a closed port. */
    private static void offline(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PIP_"));
        environment.put("PIP_CONFIG_FILE", "/dev/null");
        environment.put("PIP_INDEX_URL", "http://127.0.0.1:9/simple");
        environment.put("PIP_NO_CACHE_DIR", "1");
    }
}
