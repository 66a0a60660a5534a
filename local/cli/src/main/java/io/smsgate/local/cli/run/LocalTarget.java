package io.smsgate.local.cli.run;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import java.util.Optional;

/**
 * Where a local command runs: the emulator {@code smsgate emulator start} left running and its stack,
 * as earlier commands left it; otherwise a fresh stack on the emulator named by {@code --endpoint} /
 * {@code AWS_ENDPOINT_URL}, or on moto started for this command, seeded with policies/.
 */
public final class LocalTarget implements AutoCloseable {
    private final AwsEmulator emulator;
    private final Stack stack;
    private final Project project;
    private final boolean attached;
    private int seeded = -1;

    private LocalTarget(Project project, AwsEmulator emulator, Stack stack, boolean attached) {
        this.project = project;
        this.emulator = emulator;
        this.stack = stack;
        this.attached = attached;
    }

    /** {@code everything}: create every resource now (a pipeline needs them all), not only what is referenced. */
    public static LocalTarget open(Project project, EmulatorOptions options, boolean everything) {
        return open(project, options, everything, true);
    }

    /** {@code attach}: false to never use the running emulator's stack (a story that needs a clean slate). */
    public static LocalTarget open(Project project, EmulatorOptions options, boolean everything, boolean attach) {
        String endpointVariable = System.getenv("AWS_ENDPOINT_URL");
        Optional<LocalEmulator> running = attach && options.endpoint == null && (endpointVariable == null || endpointVariable.isBlank())
                ? LocalEmulator.running(project) : Optional.empty();
        AwsEmulator emulator = running.map(LocalEmulator::emulator).orElseGet(options::start);
        try {
            Stack stack = running.isPresent()
                    ? project.stack(emulator, options.parameterOverrides(), running.get().stack())
                    : project.stack(emulator, options.parameterOverrides());
            LocalTarget target = new LocalTarget(project, emulator, stack, running.isPresent());
            if (everything) {
                stack.provisionAll();
                target.seedIfFresh();
            }
            return target;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    public AwsEmulator emulator() {
        return emulator;
    }

    public Stack stack() {
        return stack;
    }

    /** True when this is the running emulator's stack, as earlier commands left it. */
    boolean attached() {
        return attached;
    }

    /**
     * Writes policies/ into a fresh stack whose policy table exists (a running emulator's stack keeps
     * what operators set). Once.
     */
    void seedIfFresh() {
        if (!attached && seeded < 0 && stack.tables().contains("CountryPoliciesTable")) {
            seeded = PolicySeed.write(project, stack);
        }
    }

    public void describe(Report report) {
        report.line("emulator  " + emulator.describe());
        report.line("stack     " + stack.name() + (attached ? "  (the running emulator's, as earlier commands left it)"
                : "  (resources created from template.yaml)"));
        if (seeded >= 0) {
            report.line("policies  " + PolicySeed.FILE + " written to the fresh stack (" + seeded + " items)");
        }
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            if (!attached) {
                emulator.close();
            }
        }
    }
}
