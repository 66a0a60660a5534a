package io.smsgate.twofactor;

import org.junit.jupiter.api.AfterEach;
import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER_DIGITS;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneNumbers;
import java.io.IOException;
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
    @Event(value = "events/two-factor/start.json", type = APIGatewayV2HTTPEvent.class)
    void aStartAnswers202AndAsksForACode(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getBody()).isEqualTo("{\"verificationId\":\"sampleVerification0001\",\"expiresAt\":\"2026-11-25T10:10:00Z\"}");
        assertThat(response.getHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
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
    @Event(value = "events/two-factor/start-link-phone.json", type = APIGatewayV2HTTPEvent.class)
    void aBase64BodyIsReadAndLinkPhoneKeepsItsAccount(APIGatewayV2HTTPEvent event) {
        assertThat(event.getIsBase64Encoded()).isTrue();
        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(202);
        Verification stored = twoFactor.verification("sampleVerification0001");
        assertThat(stored.purpose()).isEqualTo(VerificationPurpose.LINK_PHONE);
        assertThat(stored.accountId()).isEqualTo("acct-7f3a9c");
        assertThat(twoFactor.published().getFirst().path("locale").asText()).isEqualTo("fr-FR");
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/start-invalid-phone.json", type = APIGatewayV2HTTPEvent.class)
    void aNumberLibphonenumberRejectsIs400(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 400, "INVALID_PHONE", "phone");
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/start-malformed-json.json", type = APIGatewayV2HTTPEvent.class)
    void malformedJsonIs400(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 400, "MALFORMED_JSON", null);
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/start-missing-account.json", type = APIGatewayV2HTTPEvent.class)
    void linkPhoneWithoutAnAccountIs400(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 400, "MISSING_FIELD", "accountId");
    }

    // ------------------------------------------------------------------ check

    @ParameterizedTest
    @Event(value = "events/two-factor/check.json", type = APIGatewayV2HTTPEvent.class)
    void aWrongCodeIsPendingWithOneAttemptFewer(APIGatewayV2HTTPEvent event) {
        TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"));
        // No code sent yet: whatever is tried is wrong, and counts.
        APIGatewayV2HTTPResponse response = invoke(event);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"PENDING\",\"attemptsLeft\":4}");
        assertThat(twoFactor.verification("sampleVerification0001").checks()).isEqualTo(1);
    }

    @Test
    void aCheckOfAnUnknownVerificationIs404() throws IOException {
        APIGatewayV2HTTPResponse response = invoke(load("check.json"));
        assertRejected(response, 404, "VERIFICATION_NOT_FOUND", null);
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/check-invalid-code.json", type = APIGatewayV2HTTPEvent.class)
    void aCodeThatIsNotSixDigitsInAStringIs400(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 400, "INVALID_CODE", "code");
    }

    @Test
    void aMalformedVerificationIdIs400() {
        APIGatewayV2HTTPResponse response = twoFactor.check("short", "123456");
        assertRejected(response, 400, "INVALID_VERIFICATION_ID", "id");
    }

    /** Found by smsgate fuzz: a path parameter given as null was a 500 (Map.copyOf refuses nulls). */
    @ParameterizedTest
    @Event(value = "events/two-factor/status.json", type = APIGatewayV2HTTPEvent.class)
    void aNullPathParameterIsABadIdNotAFault(APIGatewayV2HTTPEvent event) {
        java.util.Map<String, String> parameters = new java.util.HashMap<>();
        parameters.put("id", null);
        event.setPathParameters(parameters);
        event.setRawPath("/verifications/");
        assertThat(invoke(event).getStatusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ status, unlock

    @ParameterizedTest
    @Event(value = "events/two-factor/status.json", type = APIGatewayV2HTTPEvent.class)
    void theStatusOfAVerificationNamesItsStateAndNeverItsNumber(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 404, "VERIFICATION_NOT_FOUND", null);
        TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"));
        APIGatewayV2HTTPResponse response = invoke(event);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"verificationId\":\"sampleVerification0001\",\"purpose\":\"LOGIN\","
                + "\"state\":\"PENDING\",\"expiresAt\":\"2026-11-25T10:10:00Z\",\"sends\":0}");
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/unlock.json", type = APIGatewayV2HTTPEvent.class)
    void anUnlockAnswersTheSameWhetherOrNotTheNumberWasLocked(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = invoke(event);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"UNLOCKED\"}");
        assertThat(twoFactor.published()).isEmpty();
        assertThat(logs.all()).doesNotContain(NUMBER_DIGITS);

        APIGatewayV2HTTPResponse bad = twoFactor.call("POST", "/numbers/unlock", "POST /numbers/unlock", Map.of(), "{\"phone\":\"123\"}");
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBody()).isEqualTo("{\"reason\":\"INVALID_PHONE\",\"field\":\"phone\"}");
    }

    // ------------------------------------------------------------------ settings

    @ParameterizedTest
    @Event(value = "events/two-factor/settings.json", type = APIGatewayV2HTTPEvent.class)
    void settingsApplyOnlyToAnAccountWithAVerifiedLink(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 404, "NO_VERIFIED_LINK", null);

        new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"))
                .link(TwoFactorStack.phoneKey(NUMBER), "acct-7f3a9c", TwoFactorStack.sealedForLink(NUMBER), "GB", TwoFactorStack.T0);
        APIGatewayV2HTTPResponse response = invoke(event);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"accountId\":\"acct-7f3a9c\",\"smsPosting\":true,\"pinSet\":true,\"confirmPosts\":false}");
        twoFactor.assertNowhere(logs, "73195");
    }

    @ParameterizedTest
    @Event(value = "events/two-factor/settings-invalid-pin.json", type = APIGatewayV2HTTPEvent.class)
    void aPinThatIsNotFourToEightDigitsIs400AndNeverLogged(APIGatewayV2HTTPEvent event) {
        assertRejected(invoke(event), 400, "INVALID_PIN", "pin");
        assertThat(logs.all()).doesNotContain("12ab");
    }

    // ------------------------------------------------------------------ anything else

    @Test
    void anUnknownRouteIs404WithoutEchoingThePath() {
        APIGatewayV2HTTPResponse response = twoFactor.call("GET", "/lookup/" + NUMBER, "$default", Map.of(), null);
        assertRejected(response, 404, "NOT_FOUND", null);
    }

    @Test
    void aFaultIsABare500() {
        stack.dynamoDb().deleteTable(r -> r.tableName(stack.physicalId("VerificationsTable")));
        APIGatewayV2HTTPResponse response = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}");
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).isEqualTo("{\"reason\":\"INTERNAL_ERROR\"}");
        assertThat(logs.all()).contains("reason=INTERNAL_ERROR").contains("ResourceNotFoundException").doesNotContain(NUMBER_DIGITS);
    }

    @Test
    void everySampleEventHasATest() {
        assertThat(SampleEvents.untested("two-factor", Event.class, Event::value, Set.of(), VerificationApiHandlerIT.class, SendSmsHandlerIT.class,
                DeliveryReceiptIT.class)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Every answer these tests get is checked against docs/openapi.yaml. */
    private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = twoFactor.api.handleRequest(event, new LocalContext("VerificationApiFunction", 15, 1024));
        assertThat(OpenApiContract.get().responseProblems(event, response)).as("the answer conforms to docs/openapi.yaml").isEmpty();
        return response;
    }

    private void assertRejected(APIGatewayV2HTTPResponse response, int status, String reason, String field) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getBody()).isEqualTo(field == null
                ? "{\"reason\":\"" + reason + "\"}"
                : "{\"reason\":\"" + reason + "\",\"field\":\"" + field + "\"}");
        assertThat(twoFactor.published()).as("nothing published").isEmpty();
        assertThat(stack.scan("VerificationsTable")).as("nothing written").isEmpty();
        assertThat(logs.all()).contains("reason=" + reason).doesNotContain(NUMBER_DIGITS);
    }

    private static APIGatewayV2HTTPEvent load(String file) throws IOException {
        return com.amazonaws.services.lambda.runtime.tests.EventLoader.loadApiGatewayHttpEvent("events/two-factor/" + file);
    }
}
