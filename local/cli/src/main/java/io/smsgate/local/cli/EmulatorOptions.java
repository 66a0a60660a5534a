package io.smsgate.local.cli;

import io.smsgate.local.emulator.AwsEmulator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where to run: the emulator started here (default), or an endpoint such as LocalStack's. */
public final class EmulatorOptions {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An AWS API emulator to use instead of starting moto, e.g. LocalStack at http://localhost:4566 "
                    + "(AWS_ENDPOINT_URL does the same).")
    public URI endpoint;

    @Option(names = {"-p", "--parameter"}, paramLabel = "NAME=VALUE",
            description = "A template parameter for the local stack, over local/parameters.json.")
    public List<String> parameters = List.of();

    public AwsEmulator start() {
        return endpoint != null ? AwsEmulator.external(endpoint) : AwsEmulator.start();
    }

    public Map<String, String> parameterOverrides() {
        return parameterOverrides(parameters);
    }

    public static Map<String, String> parameterOverrides(List<String> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : parameters) {
            int eq = parameter.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--parameter takes NAME=VALUE, not " + parameter);
            }
            values.put(parameter.substring(0, eq), parameter.substring(eq + 1));
        }
        return values;
    }
}
