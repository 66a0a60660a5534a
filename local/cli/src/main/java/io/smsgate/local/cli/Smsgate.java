package io.smsgate.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./smsgate}: smsgate on one machine, against an AWS API emulator. */
@Command(name = "smsgate",
        mixinStandardHelpOptions = true,
        version = "smsgate 0.1.0",
        description = "Run smsgate's functions locally against an AWS API emulator (moto by default, no Docker).",
        subcommands = {DemoCommand.class, SimulateCommand.class, SoakCommand.class, FuzzCommand.class, InvokeCommand.class, PolicyCommand.class, EmulatorCommand.class, BenchCommand.class,
                SamEnvCommand.class, OutboxCommand.class, SmokeCommand.class, PostingBenchCommand.class, CommandLine.HelpCommand.class})
public final class Smsgate implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-cli.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line as main runs it (tests run it the same way). */
    static CommandLine commandLine() {
        return new CommandLine(new Smsgate()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
