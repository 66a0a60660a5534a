package io.smsgate.local.cli;

import io.smsgate.local.cli.bench.BenchCommand;
import io.smsgate.local.cli.emulator.EmulatorCommand;
import io.smsgate.local.cli.emulator.OutboxCommand;
import io.smsgate.local.cli.emulator.SamEnvCommand;
import io.smsgate.local.cli.ops.FraudCommand;
import io.smsgate.local.cli.ops.StatusCommand;
import io.smsgate.local.cli.policy.PolicyCommand;
import io.smsgate.local.cli.policy.PolicyException;
import io.smsgate.local.cli.proof.FuzzCommand;
import io.smsgate.local.cli.proof.SoakCommand;
import io.smsgate.local.cli.run.DemoCommand;
import io.smsgate.local.cli.run.InvokeCommand;
import io.smsgate.local.cli.run.SimulateCommand;
import io.smsgate.local.cli.run.SmokeCommand;
import io.smsgate.local.emulator.EmulatorUnavailable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ./smsgate}: smsgate on one machine, against an AWS API emulator. */
@Command(name = "smsgate",
        mixinStandardHelpOptions = true,
        version = "smsgate 0.1.0",
        description = "Run smsgate's functions locally against an AWS API emulator (moto by default, no Docker).",
        subcommands = {DemoCommand.class, SimulateCommand.class, SoakCommand.class, FuzzCommand.class, InvokeCommand.class, PolicyCommand.class,
                EmulatorCommand.class, BenchCommand.class, SamEnvCommand.class, OutboxCommand.class, SmokeCommand.class, StatusCommand.class,
                FraudCommand.class,
                CommandLine.HelpCommand.class})
public final class Smsgate implements Runnable {
    /** Exit status for a user error or a missing tool (picocli uses the same for a bad command line). */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the Java stack trace too (SMSGATE_DEBUG=1 does the same).")
    boolean debug;

    public static void main(String[] args) {
        // The command prints the lines it captured itself: nothing goes to the console directly, and
        // Testcontainers (LocalStack) says only what is wrong (io.smsgate.shared.log.LogConfig).
        if (System.getProperty("smsgate.log.output") == null) {
            System.setProperty("smsgate.log.output", "none");
        }
        if (System.getProperty("smsgate.log.levels") == null) {
            System.setProperty("smsgate.log.levels", "org.testcontainers=WARN");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line as main runs it (tests run it the same way). */
    static CommandLine commandLine() {
        return new CommandLine(new Smsgate())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Smsgate::failure);
    }

    /**
     * A command that failed: one line, never a stack trace unless asked. A user error or a missing tool
     * exits 2 with its own words; anything else is a fault in smsgate, named as such, exit 1.
     */
    private static int failure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = debugRequested(parseResult);
        int exit;
        if (isUserFacing(e)) {
            err.println("smsgate: " + firstLine(e.getMessage()));
            exit = e instanceof PolicyException policy ? policy.exitCode() : USAGE;
        } else {
            err.println("smsgate: failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                    + (debug ? "" : "  (run again with --debug for the stack trace)"));
            exit = 1;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return exit;
    }

    static boolean isUserFacing(Throwable e) {
        return e instanceof UserError || e instanceof EmulatorUnavailable || e instanceof PolicyException
                || e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException;
    }

    private static boolean debugRequested(CommandLine.ParseResult parseResult) {
        if ("1".equals(System.getenv("SMSGATE_DEBUG"))) {
            return true;
        }
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message.strip() : message.substring(0, newline).strip();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
