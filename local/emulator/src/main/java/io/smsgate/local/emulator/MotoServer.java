package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * moto's server ({@code python3 -m moto.server}, through {@code moto_server.py}) on a free loopback port, started for this process and
 * stopped with it. Starts in about a second; the interpreter is the one {@link MotoPython} finds
 * ({@code SMSGATE_PYTHON}, {@code python3}, or moto installed into the repository's virtual environment).
 */
final class MotoServer implements AwsEmulator {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread shutdownHook;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.shutdownHook = new Thread(process::destroy, "moto-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static MotoServer start() {
        String python = MotoPython.find();
        int port = freePort();
        try {
            Path log = Files.createTempFile("smsgate-moto-", ".log");
            Path launcher = launcher();
            Process process = new ProcessBuilder(List.of(python, launcher.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady(python);
            return server;
        } catch (IOException e) {
            throw new EmulatorUnavailable("cannot start moto's server with " + python + " (" + e.getMessage()
                    + "); install it with: pip install '" + MotoPython.REQUIREMENT + "'", e);
        }
    }

    /**
     * {@code moto_server.py}, written out for the interpreter: {@code python -m moto.server} with DynamoDB transactions
     * that put back only the items they name when cancelled, instead of deep-copying every table they touch (moto
     * 5.2.1), so a transaction costs what it touches, as in DynamoDB. The script says why; {@code MotoTransactionsIT}
     * checks that a cancelled transaction still leaves every item as it was.
     */
    private static Path launcher() throws IOException {
        Path launcher = Files.createTempFile("smsgate-moto-", ".py");
        launcher.toFile().deleteOnExit();
        try (InputStream script = MotoServer.class.getResourceAsStream("moto_server.py")) {
            if (script == null) {
                throw new IllegalStateException("moto_server.py is missing from the emulator module's resources");
            }
            Files.copy(script, launcher, StandardCopyOption.REPLACE_EXISTING);
        }
        return launcher;
    }

    private void awaitReady(String python) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new EmulatorUnavailable("moto's server (" + python + ") exited with " + process.exitValue() + ", its last line: "
                        + lastLine() + "; reinstall it with: " + python + " -m pip install '" + MotoPython.REQUIREMENT + "'");
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException e) {
                sleep();
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }
        close();
        throw new EmulatorUnavailable("moto's server did not answer within " + START_TIMEOUT.toSeconds() + " s, its last line: " + lastLine());
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "(none)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public String accessKeyId() {
        return "test";
    }

    @Override
    public String secretAccessKey() {
        return "test";
    }

    @Override
    public String accountId() {
        return "123456789012";
    }

    @Override
    public String describe() {
        return "moto's server at " + endpoint + " (started for this run)";
    }

    @Override
    public boolean asynchronousDelivery() {
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down.
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A temp file; the OS cleans it.
        }
    }
}
