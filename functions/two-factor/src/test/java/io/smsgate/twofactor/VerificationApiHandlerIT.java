package io.smsgate.twofactor;

import org.junit.jupiter.api.AfterEach;
import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER_DIGITS;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * VerificationApiFunction on the sample events of events/two-factor/ (API Gateway HTTP API, payload 2.0),
 * against the emulator: what it answers, writes and publishes, and that bad input is a 400 with a
 * reason, nothing written and nothing leaked.
 */
@ExtendWith(AwsEmulatorExtension.class)
class VerificationApiHandlerIT {
    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;

    @AfterEach
    void countersStayWithinTheGrant() {
        assertThat(CounterGrants.uncovered(stack, "VerificationApiFunction", "SendSmsFunction")).as("CountersTable keys outside template.yaml's dynamodb:LeadingKeys").isEmpty();
    }

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0), Map.of(),
                () -> SendSmsHandlerIT.SAMPLE_ID, java.util.function.UnaryOperator.identity()).withCodesAllowed();
    }

    // ------------------------------------------------------------------ start

    @ParameterizedTest
    @SampleEvent("events/two-factor/start.json")
    void aStartAnswers202AndAsksForACode(String event) {
        HttpApiResponse response = invoke(event);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"verificationId\":\"sampleVerification0001\",\"expiresAt\":\"2026-11-25T10:10:00Z\"}");
        assertThat(response.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
        JsonNode request = twoFactor.published().getFirst();
        assertThat(request.path("requestId").asText()).isEqualTo("sampleVerification0001#1");
        assertThat(request.path("locale").asText()).isEqualTo("en-GB");
        assertThat(request.path("recipient").path("key").asText()).isEqualTo(TwoFactorStack.phoneKey(NUMBER));
        Verification stored = twoFactor.verification("sampleVerification0001");
        assertThat(stored.purpose()).isEqualTo(VerificationPurpose.LOGIN);
        assertThat(stored.requested()).isEqualTo(1);
        assertThat(stored.sends()).isZero();
        twoFactor.assertNoPhoneNumber(logs);
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/start-link-phone.json")
    void aBase64BodyIsReadAndLinkPhoneKeepsItsAccount(String event) {
        assertThat(Json.read(event, HttpApiRequest.class).base64Encoded()).isTrue();
        HttpApiResponse response = invoke(event);

        assertThat(response.statusCode()).isEqualTo(202);
        Verification stored = twoFactor.verification("sampleVerification0001");
        assertThat(stored.purpose()).isEqualTo(VerificationPurpose.LINK_PHONE);
        assertThat(stored.accountId()).isEqualTo("acct-7f3a9c");
        assertThat(twoFactor.published().getFirst().path("locale").asText()).isEqualTo("fr-FR");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/start-invalid-phone.json")
    void aNumberLibphonenumberRejectsIs400(String event) {
        assertRejected(invoke(event), 400, "INVALID_PHONE", "phone");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/start-malformed-json.json")
    void malformedJsonIs400(String event) {
        assertRejected(invoke(event), 400, "MALFORMED_JSON", null);
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/start-missing-account.json")
    void linkPhoneWithoutAnAccountIs400(String event) {
        assertRejected(invoke(event), 400, "MISSING_FIELD", "accountId");
    }

    // ------------------------------------------------------------------ check

    @ParameterizedTest
    @SampleEvent("events/two-factor/check.json")
    void aWrongCodeIsPendingWithOneAttemptFewer(String event) {
        TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"));
        // No code sent yet: whatever is tried is wrong, and counts.
        HttpApiResponse response = invoke(event);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"PENDING\",\"attemptsLeft\":4}");
        assertThat(twoFactor.verification("sampleVerification0001").checks()).isEqualTo(1);
    }

    @Test
    void aCheckOfAnUnknownVerificationIs404() {
        HttpApiResponse response = invoke(load("check.json"));
        assertRejected(response, 404, "VERIFICATION_NOT_FOUND", null);
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/check-invalid-code.json")
    void aCodeThatIsNotSixDigitsInAStringIs400(String event) {
        assertRejected(invoke(event), 400, "INVALID_CODE", "code");
    }

    @Test
    void aMalformedVerificationIdIs400() {
        HttpApiResponse response = twoFactor.check("short", "123456");
        assertRejected(response, 400, "INVALID_VERIFICATION_ID", "id");
    }

    /** Found by smsgate fuzz: a path parameter given as null was a 500 (Map.copyOf refuses nulls). */
    @ParameterizedTest
    @SampleEvent("events/two-factor/status.json")
    void aNullPathParameterIsABadIdNotAFault(String event) {
        ObjectNode tree = (ObjectNode) Json.tree(event);
        tree.putObject("pathParameters").putNull("id");
        tree.put("rawPath", "/verifications/");
        assertThat(invoke(tree.toString()).statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ status, unlock

    @ParameterizedTest
    @SampleEvent("events/two-factor/status.json")
    void theStatusOfAVerificationNamesItsStateAndNeverItsNumber(String event) {
        assertRejected(invoke(event), 404, "VERIFICATION_NOT_FOUND", null);
        TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"));
        HttpApiResponse response = invoke(event);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"verificationId\":\"sampleVerification0001\",\"purpose\":\"LOGIN\","
                + "\"state\":\"PENDING\",\"expiresAt\":\"2026-11-25T10:10:00Z\",\"sends\":0}");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/unlock.json")
    void anUnlockAnswersTheSameWhetherOrNotTheNumberWasLocked(String event) {
        HttpApiResponse response = invoke(event);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UNLOCKED\"}");
        assertThat(twoFactor.published()).isEmpty();
        assertThat(logs.all()).doesNotContain(NUMBER_DIGITS);

        HttpApiResponse bad = twoFactor.call("POST", "/numbers/unlock", "POST /numbers/unlock", Map.of(), "{\"phone\":\"123\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"reason\":\"INVALID_PHONE\",\"field\":\"phone\"}");
    }

    // ------------------------------------------------------------------ settings

    @ParameterizedTest
    @SampleEvent("events/two-factor/settings.json")
    void settingsApplyOnlyToAnAccountWithAVerifiedLink(String event) {
        assertRejected(invoke(event), 404, "NO_VERIFIED_LINK", null);

        new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"))
                .link(TwoFactorStack.phoneKey(NUMBER), "acct-7f3a9c", TwoFactorStack.sealedForLink(NUMBER), "GB", TwoFactorStack.T0);
        HttpApiResponse response = invoke(event);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accountId\":\"acct-7f3a9c\",\"smsPosting\":true,\"pinSet\":true,\"confirmPosts\":false}");
        twoFactor.assertNowhere(logs, "73195");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/settings-invalid-pin.json")
    void aPinThatIsNotFourToEightDigitsIs400AndNeverLogged(String event) {
        assertRejected(invoke(event), 400, "INVALID_PIN", "pin");
        assertThat(logs.all()).doesNotContain("12ab");
    }

    // ------------------------------------------------------------------ anything else

    @Test
    void anUnknownRouteIs404WithoutEchoingThePath() {
        HttpApiResponse response = twoFactor.call("GET", "/lookup/" + NUMBER, "$default", Map.of(), null);
        assertRejected(response, 404, "NOT_FOUND", null);
    }

    @Test
    void aFaultIsABare500() {
        stack.dynamoDb().deleteTable(r -> r.tableName(stack.physicalId("VerificationsTable")));
        HttpApiResponse response = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"reason\":\"INTERNAL_ERROR\"}");
        assertThat(logs.all()).contains("reason=INTERNAL_ERROR").contains("ResourceNotFoundException").doesNotContain(NUMBER_DIGITS);
    }

    @Test
    void bytesThatAreNotAnHttpApiEventAreALoggedRejectionAnsweredAsNoRoute() {
        for (String bytes : new String[] {"", "{\"requestContext\":[\"" + NUMBER + "\"]}", "\"POST /verifications\""}) {
            logs.clear();
            HttpApiResponse response = TwoFactorStack.invoke(twoFactor.api, bytes, new LocalContext("VerificationApiFunction", 15, 1024));
            assertRejected(response, 404, "NOT_FOUND", null);
            assertThat(logs.all()).contains("API request rejected: reason=UNREADABLE_EVENT");
        }
    }

    @Test
    void everySampleEventHasATest() {
        assertThat(SampleEvents.untested("two-factor", Set.of(), VerificationApiHandlerIT.class, SendSmsHandlerIT.class,
                DeliveryReceiptIT.class)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The event's bytes in, as the runtime calls the handler; every answer these tests get is checked against docs/openapi.yaml. */
    private HttpApiResponse invoke(String event) {
        HttpApiResponse response = TwoFactorStack.invoke(twoFactor.api, event, new LocalContext("VerificationApiFunction", 15, 1024));
        assertThat(OpenApiContract.get().responseProblems(Json.read(event, HttpApiRequest.class), response))
                .as("the answer conforms to docs/openapi.yaml").isEmpty();
        return response;
    }

    private void assertRejected(HttpApiResponse response, int status, String reason, String field) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(field == null
                ? "{\"reason\":\"" + reason + "\"}"
                : "{\"reason\":\"" + reason + "\",\"field\":\"" + field + "\"}");
        assertThat(twoFactor.published()).as("nothing published").isEmpty();
        assertThat(stack.scan("VerificationsTable")).as("nothing written").isEmpty();
        assertThat(logs.all()).contains("reason=" + reason).doesNotContain(NUMBER_DIGITS);
    }

    private static String load(String file) {
        return SampleEvents.text("events/two-factor/" + file);
    }
}
