package io.smsgate.local.cli.run;

import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code smsgate smoke --stack NAME --to SIMULATOR}: checks a deployed stack (see {@link SmokeCheck}). */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Check a deployed stack: a dry-run send, a HELP text through InboundSmsFunction, empty dead-letter queues.")
public final class SmokeCommand implements Callable<Integer> {
    @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The deployed stack's name.")
    String stack;

    @Option(names = "--to", required = true, paramLabel = "E164",
            description = "A destination simulator number of End User Messaging (see the README): texts to it stay inside AWS.")
    String simulator;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION or AWS_DEFAULT_REGION).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An emulator instead of AWS (for testing this command).")
    URI endpoint;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for the HELP text (default ${DEFAULT-VALUE}).")
    long waitSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> variables = new HashMap<>(System.getenv());
        if (region != null) {
            variables.put("AWS_REGION", region);
        } else if (!variables.containsKey("AWS_REGION") && variables.containsKey("AWS_DEFAULT_REGION")) {
            variables.put("AWS_REGION", variables.get("AWS_DEFAULT_REGION"));
        }
        if (endpoint != null) {
            variables.put("AWS_ENDPOINT_URL", endpoint.toString());
        }
        if (!variables.containsKey("AWS_REGION")) {
            spec.commandLine().getErr().println("smsgate smoke: say which region (--region or AWS_REGION)");
            return 2;
        }
        AwsClients clients = AwsClients.from(new Environment(variables));
        PrintWriter out = spec.commandLine().getOut();
        try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder(), "CLOUDFORMATION");
             PinpointSmsVoiceV2Client sms = clients.build(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2");
             SqsClient sqs = clients.build(SqsClient.builder(), "SQS");
             var sns = clients.sns();
             var dynamo = clients.dynamoDb()) {
            out.println("smoke test of stack " + stack + (endpoint != null ? " at " + endpoint : ""));
            boolean passed = new SmokeCheck(cloudFormation, sms, sns, sqs, dynamo, out).run(stack, simulator, Duration.ofSeconds(waitSeconds));
            return passed ? 0 : 1;
        }
    }
}
