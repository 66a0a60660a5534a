package io.smsgate.local.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.Cli;
import io.smsgate.local.cli.run.HandlerInvoker;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.CountryPolicyCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * ./smsgate policy against the emulator, round trip: what each command writes is read back from the
 * table, and what the kill switch does is seen by CountryPolicyFunction itself.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PolicyCommandIT {
    private Stack stack;
    private String table;
    private DynamoCountryPolicies catalog;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        this.table = stack.physicalId("CountryPoliciesTable");
        this.catalog = new DynamoCountryPolicies(stack.dynamoDb(), table);
    }

    private Cli.Run policy(String... args) {
        List<String> all = new ArrayList<>(List.of("policy"));
        all.addAll(List.of(args));
        all.addAll(List.of("--endpoint", stack.emulator().endpoint().toString(), "--table", table));
        return Cli.smsgate(all.toArray(String[]::new));
    }

    @Test
    void setThenGetThenListRoundTrip() {
        Cli.Run set = policy("set", "gb", "--sms-posting", "enabled", "--two-factor-sms", "disabled", "--posting-auth", "none",
                "--max-posts-per-hour", "7", "--max-codes-per-hour-per-number", "3", "--max-codes-per-hour-per-country", "90",
                "--note", "relies on SMS", "--by", "alice");

        assertThat(set.exit()).as(set.all()).isZero();
        assertThat(set.out()).contains("created GB:").contains("Takes effect within 30 s");
        CountryPolicy gb = catalog.get("GB").orElseThrow();
        assertThat(gb).extracting(CountryPolicy::smsPosting, CountryPolicy::twoFactorSms, CountryPolicy::postingAuth,
                        CountryPolicy::maxPostsPerHourPerAccount, CountryPolicy::maxCodesPerHourPerNumber,
                        CountryPolicy::maxCodesPerHourPerCountry, CountryPolicy::note, CountryPolicy::updatedBy, CountryPolicy::version)
                .containsExactly(Feature.ENABLED, Feature.DISABLED, PostingAuth.NONE, 7, 3, 90, "relies on SMS", "alice", 1L);
        assertThat(gb.updatedAt()).isBetween(Clock.systemUTC().instant().minusSeconds(60), Clock.systemUTC().instant());

        Cli.Run change = policy("set", "GB", "--sms-posting", "disabled", "--by", "bob");
        assertThat(change.out()).contains("updated GB (version 2").contains("smsPosting ENABLED -> DISABLED");
        assertThat(catalog.get("GB").orElseThrow()).extracting(CountryPolicy::smsPosting, CountryPolicy::postingAuth,
                CountryPolicy::updatedBy, CountryPolicy::version).containsExactly(Feature.DISABLED, PostingAuth.NONE, "bob", 2L);

        Cli.Run same = policy("set", "GB", "--sms-posting", "disabled");
        assertThat(same.out()).contains("unchanged GB (version 2");
        assertThat(catalog.get("GB").orElseThrow().version()).as("nothing written").isEqualTo(2);

        Cli.Run get = policy("get", "GB");
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("GB  (version 2,").contains("by bob").containsPattern("postingAuth +NONE")
                .contains("in effect for GB: SMS posting DISABLED (GB item)");

        Cli.Run list = policy("list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).containsPattern("GB +DISABLED +DISABLED +NONE +OFF +7 +3 +90 +2")
                .contains("kill switch: off; countries not listed: no DEFAULT item, nothing allowed");
    }

    @Test
    void theSimSwapCheckIsSetShownAndKeptLikeTheOtherFields() {
        assertThat(policy("apply", "policies/seed.yaml").exit()).isZero();
        assertThat(catalog.get("GB").orElseThrow()).extracting(CountryPolicy::simSwapCheck, CountryPolicy::simSwapMaxAgeHours)
                .containsExactly(SimSwapCheck.BEST_EFFORT, 240);

        Cli.Run set = policy("set", "GB", "--sim-swap-check", "required", "--sim-swap-max-age-hours", "72", "--by", "alice");

        assertThat(set.exit()).as(set.all()).isZero();
        assertThat(set.out()).contains("simSwapCheck BEST_EFFORT -> REQUIRED").contains("simSwapMaxAgeHours 240 -> 72");
        CountryPolicy gb = catalog.get("GB").orElseThrow();
        assertThat(gb).extracting(CountryPolicy::simSwapCheck, CountryPolicy::simSwapMaxAgeHours, CountryPolicy::smsPosting,
                CountryPolicy::updatedBy).containsExactly(SimSwapCheck.REQUIRED, 72, Feature.ENABLED, "alice");
        assertThat(policy("get", "GB").out()).containsPattern("simSwapCheck +REQUIRED").containsPattern("simSwapMaxAgeHours +72")
                .contains("SIM-swap check REQUIRED 72h (GB item)");
        assertThat(policy("list").out()).containsPattern("GB +ENABLED +ENABLED +PIN +REQUIRED 72h ")
                .containsPattern("DEFAULT +DISABLED +ENABLED +PIN +OFF ");

        assertThat(policy("set", "GB", "--sim-swap-check", "off").out()).contains("simSwapCheck REQUIRED -> OFF");
        assertThat(catalog.get("GB").orElseThrow().simSwapMaxAgeHours()).as("the age stays for when it is turned on again").isEqualTo(72);

        assertThat(policy("set", "FR", "--sms-posting", "enabled").exit()).isZero();
        assertThat(catalog.get("FR").orElseThrow().simSwapCheck()).as("a new country copies DEFAULT").isEqualTo(SimSwapCheck.OFF);
    }

    @Test
    void aSimSwapSettingOutOfRangeOrOnGlobalIsRefusedBeforeAnythingIsWritten() {
        Cli.Run zero = policy("set", "GB", "--sim-swap-max-age-hours", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--sim-swap-max-age-hours must be a whole number of hours from 1 to 2400");
        assertThat(policy("set", "GB", "--sim-swap-max-age-hours", "2401").exit()).isEqualTo(2);
        assertThat(policy("set", "GB", "--sim-swap-check", "sometimes").exit()).isEqualTo(2);
        Cli.Run global = policy("set", "GLOBAL", "--sim-swap-check", "required");
        assertThat(global.exit()).isEqualTo(2);
        assertThat(global.err()).contains("GLOBAL only switches features off");
        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void applyWritesTheSeedOnceAndThenOnlyWhatChanged(@TempDir Path dir) throws IOException {
        Cli.Run preview = policy("apply", "policies/seed.yaml", "--dry-run");
        assertThat(preview.out()).contains("would create DEFAULT:").contains("dry run, nothing written: 6 created");
        assertThat(catalog.all()).isEmpty();

        Cli.Run first = policy("apply", "policies/seed.yaml", "--by", "seed");
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains("6 created, 0 updated, 0 unchanged");
        assertThat(catalog.all()).hasSize(6).allSatisfy(p -> assertThat(p.version()).isEqualTo(1));
        assertThat(catalog.get("DEFAULT").orElseThrow().smsPosting()).isEqualTo(Feature.DISABLED);

        Cli.Run again = policy("apply", "policies/seed.yaml");
        assertThat(again.out()).contains("0 created, 0 updated, 6 unchanged");
        assertThat(catalog.all()).allSatisfy(p -> assertThat(p.version()).isEqualTo(1));

        Path edited = dir.resolve("edited.yaml");
        Files.writeString(edited, Files.readString(Path.of(System.getProperty("smsgate.root"), "policies", "seed.yaml"))
                .replaceFirst("(scope: GB\\n    smsPosting: )ENABLED", "$1DISABLED"));
        Cli.Run dryRun = policy("apply", edited.toString(), "--dry-run");
        assertThat(dryRun.out()).contains("would update GB (version 1,").contains("smsPosting ENABLED -> DISABLED")
                .contains("dry run, nothing written: 0 created, 1 updated, 5 unchanged");
        assertThat(catalog.get("GB").orElseThrow().smsPosting()).isEqualTo(Feature.ENABLED);

        Cli.Run apply = policy("apply", edited.toString(), "--by", "carol");
        assertThat(apply.out()).contains("updated GB (version 2").contains("smsPosting ENABLED -> DISABLED");
        assertThat(catalog.get("GB").orElseThrow()).extracting(CountryPolicy::smsPosting, CountryPolicy::updatedBy)
                .containsExactly(Feature.DISABLED, "carol");
    }

    @Test
    void applyNeverTurnsTheKillSwitchOff() {
        policy("apply", "policies/seed.yaml");
        policy("kill-switch", "on");

        Cli.Run apply = policy("apply", "policies/seed.yaml");

        assertThat(apply.out()).contains("unchanged GLOBAL").contains("apply leaves it on");
        assertThat(catalog.get("GLOBAL").orElseThrow().smsPosting()).isEqualTo(Feature.DISABLED);
    }

    @Test
    void theKillSwitchIsTwoCommandsAndTheFunctionObeysIt() {
        policy("apply", "policies/seed.yaml");
        assertThat(decide()).isEqualTo("approved");

        Cli.Run on = policy("kill-switch", "on", "--by", "oncall", "--note", "incident 42");
        assertThat(on.exit()).as(on.all()).isZero();
        assertThat(on.out()).contains("kill switch ON");
        CountryPolicy global = catalog.get("GLOBAL").orElseThrow();
        assertThat(global).extracting(CountryPolicy::smsPosting, CountryPolicy::twoFactorSms, CountryPolicy::note, CountryPolicy::updatedBy)
                .containsExactly(Feature.DISABLED, Feature.ENABLED, "incident 42", "oncall");
        assertThat(decide()).isEqualTo("denied-global");
        assertThat(policy("kill-switch", "on").out()).contains("kill switch already ON");
        assertThat(policy("list").out()).contains("kill switch: ON");

        Cli.Run off = policy("kill-switch", "off");
        assertThat(off.exit()).isZero();
        assertThat(catalog.get("GLOBAL").orElseThrow()).extracting(CountryPolicy::smsPosting, CountryPolicy::version)
                .containsExactly(Feature.ENABLED, 3L);
        assertThat(decide()).isEqualTo("approved");
    }

    @Test
    void theKillSwitchWorksOnAnEmptyTable() {
        assertThat(policy("kill-switch", "off").out()).contains("already off (no GLOBAL item)");
        assertThat(catalog.all()).isEmpty();
        assertThat(policy("kill-switch", "on").exit()).isZero();
        assertThat(catalog.get("GLOBAL").orElseThrow().smsPosting()).isEqualTo(Feature.DISABLED);
    }

    @Test
    void ukIsRefusedAndGbAccepted() {
        Cli.Run uk = policy("set", "UK", "--sms-posting", "enabled");
        assertThat(uk.exit()).isEqualTo(2);
        assertThat(uk.err()).contains("'UK' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)");
        assertThat(policy("get", "uk").exit()).isEqualTo(2);
        assertThat(policy("set", "XX", "--sms-posting", "enabled").exit()).isEqualTo(2);
        assertThat(catalog.all()).as("nothing written").isEmpty();

        policy("apply", "policies/seed.yaml");
        assertThat(policy("get", "gb").out()).contains("GB  (version 1");
    }

    @Test
    void aChangeBasedOnAStaleReadIsRefused() {
        policy("apply", "policies/seed.yaml");
        // Two operators read GB at version 1; the first one's change wins.
        assertThat(policy("set", "GB", "--max-posts-per-hour", "5", "--if-version", "1", "--by", "alice").exit()).isZero();

        Cli.Run late = policy("set", "GB", "--sms-posting", "disabled", "--if-version", "1", "--by", "bob");

        assertThat(late.exit()).isEqualTo(3);
        assertThat(late.err()).contains("GB is at version 2, not 1: someone changed it since you read it").contains("by alice")
                .contains("Nothing was written");
        assertThat(catalog.get("GB").orElseThrow()).extracting(CountryPolicy::smsPosting, CountryPolicy::updatedBy)
                .containsExactly(Feature.ENABLED, "alice");
    }

    @Test
    void aChangeRacingAnotherWriterIsRefusedNotOverwritten() {
        policy("apply", "policies/seed.yaml");
        // Someone writes GB between this editor's read and its write.
        CountryPolicyCatalog racing = new CountryPolicyCatalog() {
            @Override
            public List<CountryPolicy> all() {
                return catalog.all();
            }

            @Override
            public Optional<CountryPolicy> get(String scope) {
                Optional<CountryPolicy> read = catalog.get(scope);
                read.ifPresent(p -> catalog.save(p.savedBy("someone-else", Clock.systemUTC().instant())));
                return read;
            }

            @Override
            public void save(CountryPolicy policy) {
                catalog.save(policy);
            }

            @Override
            public io.smsgate.shared.domain.PolicySet forCountry(io.smsgate.shared.domain.CountryCode country) {
                return catalog.forCountry(country);
            }
        };
        PolicyEditor editor = new PolicyEditor(racing, "me", Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> editor.set("GB",
                        new PolicyEditor.Edits(Feature.DISABLED, null, null, null, null, null, null), OptionalLong.empty()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("changed by someone else")
                .extracting(e -> ((PolicyException) e).exitCode()).isEqualTo(3);
        assertThat(catalog.get("GB").orElseThrow()).extracting(CountryPolicy::smsPosting, CountryPolicy::updatedBy)
                .containsExactly(Feature.ENABLED, "someone-else");
    }

    @Test
    void aNewCountryStartsFromDefaultAndWithoutDefaultNeedsEveryField() {
        Cli.Run incomplete = policy("set", "FR", "--sms-posting", "enabled");
        assertThat(incomplete.exit()).isEqualTo(2);
        assertThat(incomplete.err()).contains("no DEFAULT to start from").contains("--two-factor-sms").contains("--max-posts-per-hour");

        policy("apply", "policies/seed.yaml");
        assertThat(policy("set", "FR", "--sms-posting", "enabled").exit()).isZero();
        CountryPolicy fr = catalog.get("FR").orElseThrow();
        CountryPolicy fallback = catalog.get("DEFAULT").orElseThrow();
        assertThat(fr.smsPosting()).isEqualTo(Feature.ENABLED);
        assertThat(fr.maxCodesPerHourPerCountry()).isEqualTo(fallback.maxCodesPerHourPerCountry());
        assertThat(fr.postingAuth()).isEqualTo(fallback.postingAuth());
    }

    @Test
    void nonsenseIsRefusedBeforeAnythingIsWritten() {
        assertThat(policy("set", "GB").err()).contains("nothing to change");
        assertThat(policy("set", "GLOBAL", "--max-posts-per-hour", "3").err()).contains("GLOBAL only switches features off");
        assertThat(policy("set", "GB", "--max-posts-per-hour", "-1").exit()).isEqualTo(2);
        assertThat(policy("set", "GB", "--sms-posting", "maybe").exit()).isEqualTo(2);
        assertThat(policy("kill-switch", "sideways").exit()).isEqualTo(2);
        assertThat(policy("apply", "policies/nope.yaml").err()).contains("no policy file");
        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void aStackIsFoundThroughCloudFormation() {
        String stackName = "cfn-" + stack.name();
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(stack.emulator().region()))
                .endpointOverride(stack.emulator().endpoint())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            cloudFormation.createStack(r -> r.stackName(stackName).templateBody("""
                    Resources:
                      CountryPoliciesTable:
                        Type: AWS::DynamoDB::Table
                        Properties:
                          BillingMode: PAY_PER_REQUEST
                          AttributeDefinitions: [{AttributeName: scope, AttributeType: S}]
                          KeySchema: [{AttributeName: scope, KeyType: HASH}]
                    """));
            String physical = cloudFormation.describeStackResource(r -> r.stackName(stackName).logicalResourceId("CountryPoliciesTable"))
                    .stackResourceDetail().physicalResourceId();

            Cli.Run set = Cli.smsgate("policy", "kill-switch", "on", "--endpoint", stack.emulator().endpoint().toString(),
                    "--stack", stackName);
            assertThat(set.exit()).as(set.all()).isZero();
            assertThat(new DynamoCountryPolicies(stack.dynamoDb(), physical).get("GLOBAL").orElseThrow().smsPosting())
                    .isEqualTo(Feature.DISABLED);

            Cli.Run missing = Cli.smsgate("policy", "list", "--endpoint", stack.emulator().endpoint().toString(), "--stack", "no-such-stack");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("stack no-such-stack has no CountryPoliciesTable");
        }
    }

    @Test
    void withoutAnyTargetItSaysHowToGetOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ENDPOINT_URL") == null, "AWS_ENDPOINT_URL names a target");
        Cli.Run run = Cli.smsgate("policy", "list");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no policy table to work on").contains("./smsgate emulator start").contains("--stack NAME");
    }

    /** CountryPolicyFunction's decision for the GB sample post, by a fresh handler (so no cache in between). */
    private String decide() {
        var invoker = HandlerInvoker.create(stack.handler("CountryPolicyFunction"),
                new Environment(stack.functionEnvironment("CountryPolicyFunction")));
        try (var logs = io.smsgate.local.emulator.LogCapture.start()) {
            byte[] event = java.nio.file.Files.readAllBytes(Path.of(System.getProperty("smsgate.root"), "events/country-policy/post-gb.json"));
            invoker.invoke(event, new LocalContext("CountryPolicyFunction", 15, 1024));
            return logs.lines().stream().filter(line -> line.contains("PolicyDecision"))
                    .map(line -> io.smsgate.shared.json.Json.tree(io.smsgate.shared.json.Json.tree(line).path("message").asText())
                            .path("Decision").asText())
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
