package io.smsgate.local.cli.ops;

import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.cli.UserError;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Window;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code smsgate status}: one screen on a stack, deployed ({@code --stack NAME}) or local (the running
 * emulator, or {@code --endpoint}): the kill switch, the policy per country in short, today's code
 * budgets used, the dead-letter queues, the alarms in ALARM. Each part that cannot be read says so
 * and why; the rest is still shown. Exit 0 when everything was read, 1 when a part could not be.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "One screen on a stack: kill switch, policies, today's code budgets, dead-letter queues, alarms in ALARM.")
public final class StatusCommand implements Callable<Integer> {
    private static final List<String> DEAD_LETTER_QUEUES = List.of("InboundSmsDeadLetterQueue", "CountryPolicyDeadLetterQueue",
            "PostingDeadLetterQueue", "CodeSendDeadLetterQueue", "TextSendDeadLetterQueue", "DeliveryReceiptDeadLetterQueue");

    @CommandLine.Mixin
    StackOptions where = new StackOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    /** Where the stack's resources are: names by logical id, and the clients to read them. */
    record Target(String stack, String where, AwsClients clients, boolean local, Map<String, String> physicalIds,
                          Map<String, String> parameters) {
        String physical(String logicalId) {
            return local ? stack + "-" + logicalId : Optional.ofNullable(physicalIds.get(logicalId))
                    .orElseThrow(() -> new IllegalStateException("the stack has no " + logicalId));
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Target target = target(System.getenv());
        Instant now = clock.instant();
        boolean complete = true;
        out.println("status       stack " + target.stack() + ", " + target.where() + ", at " + now);
        try (DynamoDbClient dynamo = target.clients().dynamoDb()) {
            List<CountryPolicy> policies = new ArrayList<>();
            String[] unreadable = {null};
            try {
                policies.addAll(new DynamoCountryPolicies(dynamo, target.physical("CountryPoliciesTable")).all());
            } catch (SdkException | IllegalStateException e) {
                unreadable[0] = oneLine(e);
            }
            Supplier<List<CountryPolicy>> read = () -> {
                if (unreadable[0] != null) {
                    throw new CannotRead(unreadable[0], false);
                }
                return policies;
            };
            complete &= part(out, "kill switch", () -> List.of(killSwitch(read.get())));
            complete &= part(out, "policies", () -> read.get().stream().filter(p -> !CountryPolicy.GLOBAL.equals(p.scope()))
                    .map(StatusCommand::policy).toList());
            complete &= part(out, "codes today", () -> budgets(dynamo, target, policies, now));
        }
        complete &= part(out, "dead letters", () -> deadLetters(target));
        complete &= part(out, "alarms", () -> alarms(target));
        complete &= part(out, "guard trips", () -> FraudCommand.activeTrips(target, now));
        out.flush();
        return complete ? 0 : 1;
    }

    /** One part of the screen: its lines, or "cannot read" and why. */
    private static boolean part(PrintWriter out, String label, Supplier<List<String>> lines) {
        List<String> shown;
        boolean read = true;
        try {
            shown = lines.get();
        } catch (CannotRead e) {
            shown = List.of("cannot read: " + e.getMessage());
            read = e.expected;
        } catch (SdkException | IllegalStateException e) {
            shown = List.of("cannot read: " + oneLine(e));
            read = false;
        }
        if (shown.isEmpty()) {
            shown = List.of("(none)");
        }
        for (int i = 0; i < shown.size(); i++) {
            out.println(String.format("%-12s %s", i == 0 ? label : "", shown.get(i)));
        }
        return read;
    }

    private static String killSwitch(List<CountryPolicy> policies) {
        Optional<CountryPolicy> global = policies.stream().filter(p -> CountryPolicy.GLOBAL.equals(p.scope())).findFirst();
        if (global.isEmpty()) {
            return "off (no GLOBAL item): posting and codes follow each country's policy";
        }
        CountryPolicy g = global.get();
        boolean posting = "DISABLED".equals(String.valueOf(g.smsPosting()));
        boolean codes = "DISABLED".equals(String.valueOf(g.twoFactorSms()));
        String since = g.updatedAt() == null ? "" : " (since " + g.updatedAt() + " by " + g.updatedBy() + ")";
        if (!posting && !codes) {
            return "off: posting and codes follow each country's policy" + since;
        }
        return "ON: " + (posting ? "SMS posting" : "") + (posting && codes ? " and " : "") + (codes ? "codes by text" : "")
                + " DISABLED everywhere" + since + "; ./smsgate policy kill-switch off turns it off";
    }

    private static String policy(CountryPolicy p) {
        return String.format("%-8s posting %-8s %-4s %3d posts/h   codes %-8s %3d/h per number, %5d/h per country",
                p.scope(), p.smsPosting(), p.postingAuth(), p.maxPostsPerHourPerAccount(), p.twoFactorSms(),
                p.maxCodesPerHourPerNumber(), p.maxCodesPerHourPerCountry());
    }

    /**
     * Codes counted today (UTC) and this hour per country with a policy. The counter names are
     * SendSmsFunction's (two-factor {@code Budgets}): {@code codes#global#DAY}, {@code codes#country#CC#HOUR}.
     */
    private static List<String> budgets(DynamoDbClient dynamo, Target target, List<CountryPolicy> policies, Instant now) {
        String table = target.physical("CountersTable");
        List<String> lines = new ArrayList<>();
        String limit = target.parameters().getOrDefault("GlobalDailyCodeBudget", "?");
        lines.add(count(dynamo, table, "codes#global#" + Window.DAY.id(now)) + " of " + limit + " (global, UTC day " + Window.DAY.id(now) + ")");
        List<String> countries = new ArrayList<>();
        for (CountryPolicy p : policies) {
            if (p.scope().length() == 2) {
                countries.add(p.scope() + " " + count(dynamo, table, "codes#country#" + p.scope() + "#" + Window.HOUR.id(now))
                        + " of " + p.maxCodesPerHourPerCountry());
            }
        }
        if (!countries.isEmpty()) {
            lines.add("this hour: " + String.join(", ", countries));
        }
        return lines;
    }

    private static long count(DynamoDbClient dynamo, String table, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))).item();
        return item == null || !item.containsKey("count") ? 0 : Long.parseLong(item.get("count").n());
    }

    private static List<String> deadLetters(Target target) {
        List<String> parts = new ArrayList<>();
        try (SqsClient sqs = target.clients().build(SqsClient.builder(), "SQS")) {
            for (String queue : DEAD_LETTER_QUEUES) {
                String url = target.local() ? sqs.getQueueUrl(r -> r.queueName(target.physical(queue))).queueUrl() : target.physical(queue);
                String waiting = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                parts.add(queue.replace("DeadLetterQueue", "") + " " + waiting);
            }
        }
        boolean any = parts.stream().anyMatch(p -> !p.endsWith(" 0"));
        return List.of(String.join(", ", parts) + (any ? "   (waiting: see docs/operations.md#dead-letter-queue-not-empty)" : ""));
    }

    private List<String> alarms(Target target) {
        if (target.local()) {
            throw new CannotRead("a local stack has no CloudWatch alarms (the emulator does not create them); a deployed stack does", true);
        }
        try (CloudWatchClient cloudWatch = target.clients().build(CloudWatchClient.builder(), "CLOUDWATCH")) {
            List<String> firing = new ArrayList<>();
            cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(target.stack() + "-").stateValue(StateValue.ALARM))
                    .metricAlarms().forEach((MetricAlarm alarm) -> firing.add(alarm.alarmName() + " since " + alarm.stateUpdatedTimestamp()));
            return firing.isEmpty() ? List.of("none in ALARM") : firing;
        }
    }

    private Target target(Map<String, String> environment) {
        return where.target(environment);
    }

    /**
     * The stack a command names: {@code --stack NAME} deployed (its resources from CloudFormation), the
     * emulator at {@code --endpoint} (or AWS_ENDPOINT_URL), or the running local one. Shared by {@code
     * status} and {@code fraud}.
     */
    static Target resolve(String stack, URI endpoint, String region, Map<String, String> environment) {
        URI emulator = endpoint != null ? endpoint : Optional.ofNullable(environment.get("AWS_ENDPOINT_URL"))
                .filter(s -> !s.isBlank()).map(String::trim).map(URI::create).orElse(null);
        Project project = Project.locate();
        Optional<LocalEmulator> running = LocalEmulator.running(project);
        if (emulator == null && stack == null) {
            LocalEmulator local = running.orElseThrow(() -> new UserError(
                    "which stack? give --stack NAME for a deployed stack, or start the local one with ./smsgate emulator start"));
            return local(project, local.endpoint(), local.stack(), local.region(), "the local emulator at " + local.endpoint());
        }
        if (emulator != null) {
            String name = stack != null ? stack : running.filter(l -> l.endpoint().equals(emulator)).map(LocalEmulator::stack)
                    .orElseThrow(() -> new UserError("which stack in the emulator at " + emulator + "? give --stack NAME"));
            return local(project, emulator, name, region != null ? region : LocalEmulator.REGION, "the emulator at " + emulator);
        }
        String chosen = region != null ? region : Optional.ofNullable(environment.get("AWS_REGION")).orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (SdkException e) {
                throw new UserError("no AWS region: give --region (or set AWS_REGION, or a region in your profile)");
            }
        });
        AwsClients clients = AwsClients.from(new Environment(Map.of("AWS_REGION", chosen)));
        try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder(), "CLOUDFORMATION")) {
            Map<String, String> ids = new TreeMap<>();
            cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries()
                    .forEach(resource -> ids.put(resource.logicalResourceId(), resource.physicalResourceId()));
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Parameter parameter : cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().getFirst().parameters()) {
                parameters.put(parameter.parameterKey(), parameter.parameterValue());
            }
            return new Target(stack, "AWS region " + chosen, clients, false, ids, parameters);
        } catch (SdkException e) {
            throw new UserError("cannot read stack " + stack + " in " + chosen + ": " + oneLine(e));
        }
    }

    private static Target local(Project project, URI url, String name, String region, String where) {
        Map<String, String> env = new TreeMap<>(Map.of("AWS_REGION", region, "AWS_ENDPOINT_URL", url.toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
        Map<String, String> parameters = new LinkedHashMap<>();
        project.template().parameters().forEach((key, value) -> {
            if (value instanceof Map<?, ?> definition && definition.get("Default") != null) {
                parameters.put(key, String.valueOf(definition.get("Default")));
            }
        });
        parameters.putAll(project.localParameters());
        return new Target(name, where, AwsClients.from(new Environment(env)), true, Map.of(), parameters);
    }

    static String oneLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A part that cannot be read; {@code expected} when that is the nature of the target, not a fault. */
    private static final class CannotRead extends RuntimeException {
        final boolean expected;

        CannotRead(String message, boolean expected) {
            super(message, null, false, false);
            this.expected = expected;
        }
    }
}
