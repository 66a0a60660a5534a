package io.smsgate.local.cli.bench;

import io.smsgate.local.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Linux control group that gives the processes started in it what a Lambda function of one memory size
 * gets: that memory, and CPU in proportion to it (Lambda: one full vCPU at 1,769 MB), enforced by the CFS
 * quota over 100 ms periods. Version 1 (separate {@code cpu} and {@code memory} hierarchies) and version 2
 * (unified) are both handled. Making one needs write access to {@code /sys/fs/cgroup} (root, outside a
 * container that hides it); without it {@link #create} says so in one line.
 *
 * <p>A process joins by starting through {@link #launcher()} (a shell that moves itself into the group and
 * then executes the command), so nothing runs outside the limit. {@link #peakBytes()} is the most memory the
 * group held: what Lambda reports as "Max Memory Used". One group per process measured, so each peak is its own.
 */
final class LambdaSizedCgroup implements AutoCloseable {
    /** Lambda's memory size at which a function has one full vCPU. */
    static final int FULL_VCPU_MB = 1769;
    static final long PERIOD_MICROS = 100_000;
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final int memoryMb;
    private final List<Path> groups;
    private final boolean unified;

    private LambdaSizedCgroup(int memoryMb, List<Path> groups, boolean unified) {
        this.memoryMb = memoryMb;
        this.groups = groups;
        this.unified = unified;
    }

    /** The CFS quota per {@link #PERIOD_MICROS} for a memory size: its share of a vCPU. */
    static long quotaMicros(int memoryMb) {
        return Math.max(1000, Math.round(PERIOD_MICROS * (double) memoryMb / FULL_VCPU_MB));
    }

    static LambdaSizedCgroup create(int memoryMb) {
        String name = "smsgate-bench-" + memoryMb + "mb-" + ProcessHandle.current().pid();
        try {
            if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
                String enabled = Files.readString(ROOT.resolve("cgroup.subtree_control"));
                if (!enabled.contains("cpu") || !enabled.contains("memory")) {
                    Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+cpu +memory");
                }
                Path group = Files.createDirectories(ROOT.resolve(name));
                Files.writeString(group.resolve("cpu.max"), quotaMicros(memoryMb) + " " + PERIOD_MICROS);
                Files.writeString(group.resolve("memory.max"), Long.toString(bytes(memoryMb)));
                return new LambdaSizedCgroup(memoryMb, List.of(group), true);
            }
            Path cpu = Files.createDirectories(ROOT.resolve("cpu").resolve(name));
            Path memory = Files.createDirectories(ROOT.resolve("memory").resolve(name));
            Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(memoryMb)));
            Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(bytes(memoryMb)));
            return new LambdaSizedCgroup(memoryMb, List.of(cpu, memory), false);
        } catch (IOException | RuntimeException e) {
            throw new UserError("bench memory gives each JVM a Lambda-sized CPU share and memory through a control group, and cannot make one here ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): run it as root on Linux, outside a container that hides /sys/fs/cgroup");
        }
    }

    int memoryMb() {
        return memoryMb;
    }

    /** The command prefix that starts a process inside this group: {@code launcher() + command}. */
    List<String> launcher() {
        StringBuilder join = new StringBuilder();
        for (Path group : groups) {
            join.append("echo $$ > '").append(group.resolve("cgroup.procs")).append("' && ");
        }
        return List.of("/bin/sh", "-c", join + "exec \"$0\" \"$@\"");
    }

    long peakBytes() {
        Path file = unified ? groups.get(0).resolve("memory.peak") : groups.get(1).resolve("memory.max_usage_in_bytes");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        for (Path group : groups) {
            try {
                Files.deleteIfExists(group);
            } catch (IOException e) {
                // A group still holding a process stays; the kernel drops nothing else.
            }
        }
    }

    private static long bytes(int memoryMb) {
        return memoryMb * 1024L * 1024L;
    }
}
