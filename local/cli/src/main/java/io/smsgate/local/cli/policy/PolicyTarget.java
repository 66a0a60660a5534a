package io.smsgate.local.cli.policy;

import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.config.Environment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Which policy table a {@code policy} command changes, and who is changing it.
 *
 * <ol>
 *   <li>{@code --endpoint URL} (or {@code AWS_ENDPOINT_URL}): an emulator; the table is {@code --table},
 *       or {@code --stack}'s, or the one table there whose name ends in {@code -CountryPoliciesTable}.</li>
 *   <li>{@code --table} or {@code --stack} alone: a real account, with the default AWS credentials and
 *       {@code --region} (else the default region); {@code --stack} is looked up in CloudFormation.</li>
 *   <li>Nothing: the emulator {@code ./smsgate emulator start} left running, and its stack.</li>
 * </ol>
 * The change is recorded as made by {@code --by}, else the AWS caller (a real account) or the OS user.
 */
final class PolicyTarget {
    static final String TABLE_LOGICAL_ID = "CountryPoliciesTable";

    @Option(names = "--stack", paramLabel = "NAME", description = "A deployed stack: its CountryPoliciesTable (CloudFormation DescribeStackResource).")
    String stack;

    @Option(names = "--table", paramLabel = "NAME", description = "The policy table's name.")
    String table;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, the profile's, or the emulator's).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An AWS API emulator (AWS_ENDPOINT_URL does the same).")
    URI endpoint;

    @Option(names = "--by", paramLabel = "WHO", description = "Recorded as the author of the change (default: the AWS caller, or the OS user).")
    String by;

    /** An open connection to the table; close it when done. */
    record Connection(DynamoCountryPolicies catalog, DynamoDbClient dynamo, String table, String where, String who) implements AutoCloseable {
        @Override
        public void close() {
            dynamo.close();
        }
    }

    Connection connect(Map<String, String> processEnvironment) {
        URI emulator = endpoint != null ? endpoint : Optional.ofNullable(processEnvironment.get("AWS_ENDPOINT_URL"))
                .filter(s -> !s.isBlank()).map(String::trim).map(URI::create).orElse(null);
        if (emulator != null) {
            return emulator(emulator, processEnvironment, null);
        }
        if (table != null || stack != null) {
            return account(processEnvironment);
        }
        if (region != null) {
            throw new PolicyException(2, "--region names where, not which table: add --stack NAME or --table NAME");
        }
        Project project = Project.locate();
        return LocalEmulator.running(project)
                .map(local -> emulator(local.endpoint(), processEnvironment, local))
                .orElseThrow(() -> new PolicyException(2, """
                        no policy table to work on. Either
                          ./smsgate emulator start                  start the local emulator (seeded from policies/); policy commands then use it
                          --stack NAME [--region R]                 a deployed stack, with your default AWS credentials
                          --table NAME [--region R]                 a policy table by name
                          --endpoint URL [--table NAME]             another emulator (LocalStack: http://localhost:4566)"""));
    }

    private Connection emulator(URI url, Map<String, String> processEnvironment, LocalEmulator local) {
        Map<String, String> env = new TreeMap<>();
        env.put("AWS_REGION", Optional.ofNullable(region).or(() -> Optional.ofNullable(processEnvironment.get("AWS_REGION")))
                .orElse(local != null ? local.region() : LocalEmulator.REGION));
        env.put("AWS_ENDPOINT_URL", url.toString());
        env.put("AWS_ACCESS_KEY_ID", processEnvironment.getOrDefault("AWS_ACCESS_KEY_ID", "test"));
        env.put("AWS_SECRET_ACCESS_KEY", processEnvironment.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
        AwsClients clients = AwsClients.from(new Environment(env));
        DynamoDbClient dynamo = clients.dynamoDb();
        try {
            String name;
            if (table != null) {
                name = table;
            } else if (stack != null) {
                name = localStackTable(dynamo, stack).orElseGet(() -> fromCloudFormation(clients, stack));
            } else if (local != null && url.equals(local.endpoint())) {
                name = local.stack() + "-" + TABLE_LOGICAL_ID;
            } else {
                name = discover(dynamo, url);
            }
            requireTable(dynamo, name);
            String where = local != null ? "the local emulator at " + url + " (stack " + local.stack() + ")" : "the emulator at " + url;
            return new Connection(new DynamoCountryPolicies(dynamo, name), dynamo, name, where,
                    by != null ? by : System.getProperty("user.name", "unknown"));
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    private Connection account(Map<String, String> processEnvironment) {
        Map<String, String> env = new TreeMap<>();
        String chosenRegion = region != null ? region : Optional.ofNullable(processEnvironment.get("AWS_REGION")).orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (SdkException e) {
                throw new PolicyException(2, "no AWS region: give --region (or set AWS_REGION, or a region in your profile)");
            }
        });
        env.put("AWS_REGION", chosenRegion);
        AwsClients clients = AwsClients.from(new Environment(env)); // no keys given: the default credentials chain
        DynamoDbClient dynamo = clients.dynamoDb();
        try {
            String name = table != null ? table : fromCloudFormation(clients, stack);
            requireTable(dynamo, name);
            String who = by != null ? by : caller(clients);
            String where = "AWS account, region " + chosenRegion + (stack != null ? ", stack " + stack : "");
            return new Connection(new DynamoCountryPolicies(dynamo, name), dynamo, name, where, who);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    private static Optional<String> localStackTable(DynamoDbClient dynamo, String stackName) {
        String name = stackName + "-" + TABLE_LOGICAL_ID;
        try {
            dynamo.describeTable(r -> r.tableName(name));
            return Optional.of(name);
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String fromCloudFormation(AwsClients clients, String stackName) {
        try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder(), "CLOUDFORMATION")) {
            return cloudFormation.describeStackResource(r -> r.stackName(stackName).logicalResourceId(TABLE_LOGICAL_ID))
                    .stackResourceDetail().physicalResourceId();
        } catch (CloudFormationException e) {
            throw new PolicyException(2, "stack " + stackName + " has no " + TABLE_LOGICAL_ID + ": "
                    + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage()));
        }
    }

    private static String discover(DynamoDbClient dynamo, URI url) {
        List<String> candidates = new ArrayList<>();
        dynamo.listTablesPaginator().tableNames().forEach(name -> {
            if (name.endsWith("-" + TABLE_LOGICAL_ID)) {
                candidates.add(name);
            }
        });
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        if (candidates.isEmpty()) {
            throw new PolicyException(2, "no table named *-" + TABLE_LOGICAL_ID + " at " + url
                    + ": name it with --table NAME (./smsgate emulator start makes one)");
        }
        throw new PolicyException(2, candidates.size() + " policy tables at " + url + ": choose one with --table ("
                + String.join(", ", candidates.stream().sorted().toList()) + ")");
    }

    private static void requireTable(DynamoDbClient dynamo, String name) {
        try {
            dynamo.describeTable(r -> r.tableName(name));
        } catch (ResourceNotFoundException e) {
            throw new PolicyException(2, "no table " + name);
        }
    }

    /** The AWS caller as the author of a change; the OS user when STS cannot say. */
    private static String caller(AwsClients clients) {
        try (StsClient sts = clients.build(StsClient.builder(), "STS")) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            return System.getProperty("user.name", "unknown");
        }
    }
}
