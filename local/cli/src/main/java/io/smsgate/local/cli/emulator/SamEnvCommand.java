package io.smsgate.local.cli.emulator;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.json.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smsgate sam-env --endpoint http://localhost:4566 > sam-env.json}: for {@code sam local invoke}
 * against an emulator such as LocalStack. Creates (or finds) a stack of template.yaml's resources in
 * that emulator, seeds the policies, and prints the {@code --env-vars} file naming them for every
 * function. The endpoint itself goes in as the EmulatorEndpoint template parameter.
 */
@Command(name = "sam-env", mixinStandardHelpOptions = true,
        description = "Create the stack's resources in an emulator (e.g. LocalStack) and print a 'sam local invoke --env-vars' file.")
public final class SamEnvCommand implements Callable<Integer> {
    /**
     * What SAM and the container set themselves, or what goes in through template parameters; and the
     * local SIM-swap stand-in, which lives only as long as this command (under sam local invoke the check
     * is OFF unless the SimSwapApiUrl parameter names a provider).
     */
    private static final Set<String> NOT_IN_THE_FILE = Set.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", Stack.SMS_ENDPOINT_VARIABLE, Stack.SIM_SWAP_API_URL, Stack.SIM_SWAP_TOKEN_URL,
            Stack.SIM_SWAP_CREDENTIALS_SECRET_ARN);

    @Option(names = "--endpoint", required = true, paramLabel = "URL",
            description = "The emulator to create the resources in, as this machine reaches it (LocalStack: http://localhost:4566).")
    URI endpoint;

    @Option(names = "--stack", defaultValue = "smsgate-local", paramLabel = "NAME",
            description = "Name of the stack in the emulator (default ${DEFAULT-VALUE}); run again to reuse it.")
    String stackName;

    @Option(names = "--function-endpoint", paramLabel = "URL",
            description = "The emulator as the function containers reach it (default: http://host.docker.internal:<port>).")
    URI functionEndpoint;

    @Option(names = {"-p", "--parameter"}, paramLabel = "NAME=VALUE",
            description = "A template parameter for the stack, over local/parameters.json.")
    List<String> parameters = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Project project = Project.locate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AwsEmulator emulator = AwsEmulator.external(endpoint);
        try (Stack stack = project.stack(emulator, EmulatorOptions.parameterOverrides(parameters), stackName).provisionAll()) {
            var catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
            if (catalog.all().isEmpty()) {
                PolicySeed.write(project, stack);
            }
            Map<String, Map<String, String>> file = new LinkedHashMap<>();
            List<CloudFormationTemplate.Resource> functions = stack.template().functions();
            for (CloudFormationTemplate.Resource function : functions) {
                Map<String, String> variables = new TreeMap<>(stack.functionEnvironment(function.logicalId()));
                variables.keySet().removeAll(NOT_IN_THE_FILE);
                file.put(function.logicalId(), variables);
            }
            out.println(Json.write(file));
            out.flush();
            URI inContainers = functionEndpoint != null ? functionEndpoint
                    : URI.create("http://host.docker.internal:" + (endpoint.getPort() > 0 ? endpoint.getPort() : 4566));
            err.println("stack " + stackName + " in " + endpoint + ": " + functions.size() + " functions. Then, for example:");
            err.println("  sam local invoke InboundSmsFunction -e events/inbound-sms/post.json --env-vars sam-env.json \\");
            err.println("    --parameter-overrides EmulatorEndpoint=" + inContainers
                    + " SmsEmulatorEndpoint=http://host.docker.internal:4599 PhoneNumberSource=existing");
            err.flush();
            return 0;
        }
    }
}
