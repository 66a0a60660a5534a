package io.smsgate.local.cli.ops;

import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which stack a command reads: the options {@code status} and {@code fraud} share. */
final class StackOptions {
    @Option(names = "--stack", paramLabel = "NAME", description = "The stack: deployed (looked up in CloudFormation), or in the emulator.")
    String stack;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, the profile's, or the emulator's).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An AWS API emulator (AWS_ENDPOINT_URL does the same).")
    URI endpoint;

    StatusCommand.Target target() {
        return target(System.getenv());
    }

    StatusCommand.Target target(Map<String, String> environment) {
        return StatusCommand.resolve(stack, endpoint, region, environment);
    }
}
