package io.smsgate.local.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.Cli;
import io.smsgate.local.cli.FreshLocalEmulator;
import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.config.Environment;
import io.smsgate.twofactor.ConversionCounters;
import io.smsgate.twofactor.DynamoConversionCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** ./smsgate fraud status and fraud release against the local emulator: the windows, a trip, its release, the user errors. */
@ExtendWith(FreshLocalEmulator.class)
class FraudCommandIT {
    private final Project project = Project.locate();

    @Test
    void statusShowsTheWindowsAndTheThrottleAndReleaseLiftsIt() {
        Cli.Run nowhere = Cli.smsgate("fraud", "status");
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err().lines()).singleElement().asString().startsWith("smsgate: which stack?");

        assertThat(Cli.smsgate("emulator", "start").exit()).isZero();
        LocalEmulator local = LocalEmulator.read(project).orElseThrow();
        AwsClients clients = AwsClients.from(new Environment(Map.of("AWS_REGION", local.region(), "AWS_ENDPOINT_URL",
                local.endpoint().toString(), "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")));
        Instant now = Instant.now();
        ConversionCounters.Scope prefix = new ConversionCounters.Scope(ConversionCounters.Scope.Level.PREFIX, "+447700");
        ConversionCounters.Scope gb = new ConversionCounters.Scope(ConversionCounters.Scope.Level.COUNTRY, "GB");
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            DynamoConversionCounters counters = new DynamoConversionCounters(dynamo, local.stack() + "-CountersTable");
            for (int i = 0; i < 20; i++) {
                counters.count(ConversionCounters.Outcome.SENT, List.of(prefix, gb), now);
            }
            counters.count(ConversionCounters.Outcome.APPROVED, List.of(gb), now);
            counters.trip(new ConversionCounters.Trip(prefix, now, now.plus(Duration.ofHours(12)), 20, 0), now);
        }

        Cli.Run status = Cli.smsgate("fraud", "status");
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.out())
                .contains("fraud        stack " + local.stack() + ", the local emulator at " + local.endpoint())
                .containsPattern("prefix +\\+447700 +last hour +0 approved / +20 sent \\( +0%\\).* THROTTLED until ")
                .containsPattern("country +GB +last hour +1 approved / +20 sent \\( +5%\\).* no trip")
                .contains("fraud: 2 scopes, 1 throttled");
        assertThat(Cli.smsgate("status").out()).contains("guard trips  prefix +447700 throttled until ");

        Cli.Run release = Cli.smsgate("fraud", "release", "+447700");
        assertThat(release.exit()).as(release.all()).isZero();
        assertThat(release.out()).contains("released prefix +447700 on stack " + local.stack());
        assertThat(Cli.smsgate("fraud", "status").out()).contains("fraud: 2 scopes, 0 throttled").contains("last trip ");

        Cli.Run again = Cli.smsgate("fraud", "release", "+447700");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err().lines()).singleElement().asString().contains("prefix +447700 is not throttled");
        Cli.Run nonsense = Cli.smsgate("fraud", "release", "447700; drop table");
        assertThat(nonsense.exit()).isEqualTo(2);
        assertThat(nonsense.err().lines()).singleElement().asString().contains("not a prefix or a country");
    }
}
