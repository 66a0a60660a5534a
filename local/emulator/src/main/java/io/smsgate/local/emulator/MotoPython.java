package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Python that can run moto's server. The interpreter is {@code SMSGATE_PYTHON} or {@code python3}; if it
 * has moto's server, that one. If not, a virtual environment in the repository ({@code .smsgate/venv},
 * git-ignored) made from that interpreter, with {@link #REQUIREMENT} installed by pip on first use, and
 * said so. When that cannot work (no venv module, no network), an {@link EmulatorUnavailable} with one
 * line that says what to do.
 */
public final class MotoPython {
    /** The one moto this project is tested with. */
    public static final String REQUIREMENT = "moto[server]==5.2.1";
    private static final String HAS_MOTO_SERVER = "import importlib.util as u, sys; "
            + "sys.exit(0 if all(u.find_spec(m) for m in ('moto', 'flask', 'flask_cors')) else 3)";
    private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

    private MotoPython() {
    }

    /** The Python to run {@code -m moto.server} with, for this repository. */
    public static synchronized String find() {
        Path venv;
        try {
            venv = Project.locate().resolve(".smsgate/venv");
        } catch (IllegalStateException e) {
            venv = null; // Outside the repository: no place for a virtual environment.
        }
        return find(System.getenv(), venv, System.err);
    }

    /**
     * @param environment where {@code SMSGATE_PYTHON} is read, and what pip and Python run with
     * @param venv the virtual environment to use or make; null for none
     * @param say where to tell the person that something is being installed
     */
    static String find(Map<String, String> environment, Path venv, PrintStream say) {
        String configured = environment.get("SMSGATE_PYTHON");
        boolean explicit = configured != null && !configured.isBlank();
        String interpreter = explicit ? configured.trim() : "python3";
        String named = explicit ? "SMSGATE_PYTHON=" + interpreter : "python3";
        if (hasMotoServer(interpreter, environment, named)) {
            return interpreter;
        }
        String manual = "pip install '" + REQUIREMENT + "' for " + named + (explicit ? "" : " (or set SMSGATE_PYTHON to a Python that has it)");
        if (venv == null) {
            throw new EmulatorUnavailable(named + " has no moto server; " + manual);
        }
        Path python = venvPython(venv);
        if (Files.isExecutable(python) && hasMotoServer(python.toString(), environment, python.toString())) {
            return python.toString();
        }
        say.println("smsgate: " + named + " has no moto server; installing " + REQUIREMENT + " into " + venv
                + " (once; needs the network)...");
        say.flush();
        Path log = venv.resolveSibling("venv-install.log");
        try {
            Files.createDirectories(venv.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new EmulatorUnavailable("cannot write " + venv.getParent() + ": " + e.getMessage() + "; " + manual, e);
        }
        if (!Files.isExecutable(python)) {
            if (run(List.of(interpreter, "-m", "venv", venv.toString()), environment, log, 5) != 0) {
                throw new EmulatorUnavailable(named + " cannot make a virtual environment (no venv module? On Debian or Ubuntu: "
                        + "apt install python3-venv; see " + log + "); or " + manual);
            }
        }
        int pip = run(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                "--retries", "0", "--timeout", "15", REQUIREMENT), environment, log, 15);
        if (pip != 0) {
            throw new EmulatorUnavailable("cannot install " + REQUIREMENT + " into " + venv + " (no network? see " + log + "); "
                    + "connect and run again, or " + manual);
        }
        CHECKED.remove(python.toString());
        if (!hasMotoServer(python.toString(), environment, python.toString())) {
            throw new EmulatorUnavailable("pip installed " + REQUIREMENT + " into " + venv + " but it does not import (see " + log + "); " + manual);
        }
        say.println("smsgate: installed " + REQUIREMENT + " into " + venv + "; using it from now on");
        say.flush();
        return python.toString();
    }

    static Path venvPython(Path venv) {
        Path unix = venv.resolve("bin/python");
        Path windows = venv.resolve("Scripts/python.exe");
        return !Files.exists(unix) && Files.exists(windows) ? windows : unix;
    }

    private static boolean hasMotoServer(String python, Map<String, String> environment, String named) {
        Boolean known = CHECKED.get(python);
        if (known != null) {
            return known;
        }
        int exit;
        try {
            Process process = builder(List.of(python, "-c", HAS_MOTO_SERVER), environment)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EmulatorUnavailable(named + " did not answer within 60 s; set SMSGATE_PYTHON to a working Python 3");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new EmulatorUnavailable("cannot run " + named + " (" + e.getMessage() + "); install Python 3"
                    + (named.startsWith("SMSGATE_PYTHON") ? " or correct SMSGATE_PYTHON" : " or set SMSGATE_PYTHON to one"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorUnavailable("interrupted while checking " + named, e);
        }
        boolean has = exit == 0;
        CHECKED.put(python, has);
        return has;
    }

    private static int run(List<String> command, Map<String, String> environment, Path log, int minutes) {
        try {
            Process process = builder(command, environment).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static ProcessBuilder builder(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(new HashMap<>(environment));
        return builder;
    }
}
