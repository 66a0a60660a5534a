package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.T0;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static io.smsgate.twofactor.TwoFactorStack.started;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A verification from start to approval, both functions on the emulator with a clock the test moves,
 * texts read back from the local outbox: expiry, single use, five wrong codes, resends and their
 * cooldown, five sends, LINK_PHONE, SMS settings, and codes and PINs never in clear.
 */
@ExtendWith(AwsEmulatorExtension.class)
class VerificationLifecycleIT {
    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
    }

    // ------------------------------------------------------------------ the happy path, once

    @Test
    void aCodeIsTextedCheckedAndApprovedOnlyOnce() {
        HttpApiResponse start = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"locale\":\"en-GB\"}");
        assertThat(start.statusCode()).isEqualTo(202);
        assertThat(start.headers()).containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
        String id = json(start).path("verificationId").asText();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(json(start).path("expiresAt").asText()).isEqualTo("2026-11-25T10:10:00Z");

        JsonNode request = twoFactor.published().getFirst();
        assertThat(request.path("kind").asText()).isEqualTo("CODE");
        assertThat(request.path("requestId").asText()).isEqualTo(id + "#1");
        assertThat(request.path("verificationId").asText()).isEqualTo(id);
        assertThat(request.has("text")).as("the code never travels through a topic").isFalse();
        assertThat(stack.tap("OutboundSmsTopic").messages().getFirst().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("kind", "CODE", "country", "GB"));

        assertThat(twoFactor.deliverSends()).isEqualTo(1);
        SmsOutbox.Text text = twoFactor.texts().getFirst();
        String code = text.code().orElseThrow();
        assertThat(text.destination()).isEqualTo(NUMBER);
        assertThat(text.body()).isEqualTo("smsgate: your login code is " + code
                + ". It expires in 10 minutes. Never share it with anyone.\n\n@app.smsgate.example #" + code);
        assertThat(text.messageType()).isEqualTo("TRANSACTIONAL");
        assertThat(text.timeToLive()).isEqualTo(600);
        assertThat(text.context()).isEqualTo(Map.of("verificationId", id));

        Verification stored = twoFactor.verification(id);
        assertThat(stored.codeDigest()).isNotBlank().doesNotContain(code);
        assertThat(stored.sends()).isEqualTo(1);
        assertThat(stored.delivery()).isEqualTo("SENT");

        twoFactor.clock.advance(Duration.ofMinutes(2));
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        twoFactor.clock.advance(Duration.ofSeconds(60));
        HttpApiResponse again = twoFactor.check(id, code);
        assertThat(again.statusCode()).as("a code works once: a repeat answers APPROVED for a minute, then no more").isEqualTo(404);
        assertThat(json(again).path("reason").asText()).isEqualTo("VERIFICATION_NOT_FOUND");

        Map<String, AttributeValue> item = verificationItem(id);
        assertThat(item).doesNotContainKeys("recipient");
        assertThat(item.get("state").s()).isEqualTo("APPROVED");
        twoFactor.assertNowhere(logs, code);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aCodeTextedInFrenchWhenAskedAndInEnglishForALanguageWithoutTranslation() {
        started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"PASSWORD_RESET\",\"locale\":\"fr-CA\"}"));
        started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"locale\":\"nl-BE\"}"));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).extracting(SmsOutbox.Text::body).satisfiesExactly(
                french -> assertThat(french).startsWith("smsgate : votre code de réinitialisation du mot de passe est "),
                english -> assertThat(english).startsWith("smsgate: your login code is "));
    }

    // ------------------------------------------------------------------ expiry, attempts

    @Test
    void aCodeStopsWorkingTenMinutesAfterTheStart() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);

        twoFactor.clock.advance(Duration.ofMinutes(10));
        assertCheck(twoFactor.check(id, code), "EXPIRED", 0);
        assertThat(twoFactor.verification(id).state()).isEqualTo(Verification.State.PENDING);
    }

    @Test
    void aCodeStillWorksASecondBeforeItExpires() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        twoFactor.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
    }

    @Test
    void fiveWrongCodesLockTheVerificationAndTheRightOneNoLongerWorks() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        String wrong = code.equals("000000") ? "000001" : "000000";

        for (int left = 4; left >= 1; left--) {
            assertCheck(twoFactor.check(id, wrong), "PENDING", left);
        }
        assertCheck(twoFactor.check(id, wrong), "LOCKED", 0);
        assertCheck(twoFactor.check(id, code), "LOCKED", 0);
        assertThat(verificationItem(id)).doesNotContainKeys("codeDigest", "recipient");

        HttpApiResponse restart = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}");
        assertThat(restart.statusCode()).isEqualTo(429);
        assertThat(json(restart).path("reason").asText()).isEqualTo("VERIFICATION_LOCKED");
        assertThat(restart.headers()).containsEntry("Retry-After", "600");

        twoFactor.clock.advance(Duration.ofMinutes(10));
        assertThat(twoFactor.startLogin()).as("a new verification once the locked one expired").isNotEqualTo(id);
    }

    @Test
    void aMalformedCodeIsRefusedWithoutCountingAsAnAttempt() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        HttpApiResponse response = twoFactor.check(id, "12345");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("reason").asText()).isEqualTo("INVALID_CODE");
        assertThat(twoFactor.verification(id).checks()).isZero();
    }

    // ------------------------------------------------------------------ resends

    @Test
    void aRepeatedStartResendsAfterTheCooldownUpToFiveCodesWithTheSameIdAndExpiry() {
        String start = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}";
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String first = twoFactor.lastCode(NUMBER);

        twoFactor.clock.advance(Duration.ofSeconds(10));
        HttpApiResponse tooSoon = twoFactor.start(start);
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(json(tooSoon).path("reason").asText()).isEqualTo("RESEND_COOLDOWN");
        assertThat(tooSoon.headers()).containsEntry("Retry-After", "20");

        for (int send = 2; send <= 5; send++) {
            twoFactor.clock.advance(Duration.ofSeconds(30));
            HttpApiResponse again = twoFactor.start(start);
            assertThat(started(again)).isEqualTo(id);
            assertThat(json(again).path("expiresAt").asText()).as("a resend does not extend the life").isEqualTo("2026-11-25T10:10:00Z");
            assertThat(twoFactor.deliverSends()).isEqualTo(1);
        }
        assertThat(twoFactor.texts()).hasSize(5);
        assertThat(twoFactor.published()).extracting(m -> m.path("requestId").asText())
                .containsExactly(id + "#1", id + "#2", id + "#3", id + "#4", id + "#5");

        twoFactor.clock.advance(Duration.ofSeconds(30));
        HttpApiResponse sixth = twoFactor.start(start);
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(json(sixth).path("reason").asText()).isEqualTo("MAX_SENDS_REACHED");
        assertThat(twoFactor.deliverSends()).isZero();
        assertThat(twoFactor.texts()).hasSize(5);

        String last = twoFactor.lastCode(NUMBER);
        if (!last.equals(first)) {
            assertCheck(twoFactor.check(id, first), "PENDING", 4);
        }
        assertCheck(twoFactor.check(id, last), "APPROVED", last.equals(first) ? 4 : 3);
    }

    @Test
    void sendSmsKeepsItsOwnCooldownWhenARequestArrivesLate() {
        String id = twoFactor.startLogin();
        twoFactor.clock.advance(Duration.ofSeconds(29));
        twoFactor.deliverSends();
        twoFactor.clock.advance(Duration.ofSeconds(2));
        assertThat(started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"))).isEqualTo(id);
        twoFactor.deliverSends();

        assertThat(twoFactor.texts()).as("the second code would follow the first by 2 s").hasSize(1);
        Verification v = twoFactor.verification(id);
        assertThat(v.handled()).isEqualTo(2);
        assertThat(v.delivery()).isEqualTo("RESEND_COOLDOWN");
        assertThat(v.sends()).isEqualTo(1);
    }

    @Test
    void aPublishLostBetweenTheWriteAndTheTopicIsRepublishedByTheNextStart() {
        Environment broken = twoFactor.environment("VerificationApiFunction",
                Map.of("OUTBOUND_SMS_TOPIC_ARN", stack.physicalId("OutboundSmsTopic") + "-gone"));
        VerificationApiHandler failing = new VerificationApiHandler(TwoFactorWiring.verificationApi(broken,
                TwoFactorWiring.verificationApiPlatform(broken), twoFactor.clock, TwoFactorStack.randomIds()));
        HttpApiResponse lost = TwoFactorStack.call(failing, "POST", "/verifications", "POST /verifications", Map.of(),
                "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}");
        assertThat(lost.statusCode()).isEqualTo(500);
        assertThat(lost.body()).isEqualTo("{\"reason\":\"INTERNAL_ERROR\"}");
        assertThat(twoFactor.published()).isEmpty();

        twoFactor.clock.advance(Duration.ofSeconds(30));
        String id = twoFactor.startLogin();
        assertThat(twoFactor.published()).extracting(m -> m.path("requestId").asText()).containsExactly(id + "#1");
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).hasSize(1);
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
    }

    // ------------------------------------------------------------------ LINK_PHONE and settings

    @Test
    void anApprovedLinkPhoneVerificationLinksTheNumberWithSmsPostingOff() {
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-7f3a9c\"}"));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts().getFirst().body()).startsWith("smsgate: your code to link this phone to your account is ");
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);

        Map<String, AttributeValue> link = stack.scan("PhoneLinksTable").getFirst();
        assertThat(link.get("phoneKey").s()).isEqualTo(TwoFactorStack.phoneKey(NUMBER));
        assertThat(link.get("accountId").s()).isEqualTo("acct-7f3a9c");
        assertThat(link).as("the number is kept only sealed to its link").doesNotContainKey("e164");
        assertThat(TwoFactorStack.KEYS.open(new io.smsgate.shared.domain.SealedNumber(link.get("phoneKey").s(),
                link.get("sealedNumber").s()), io.smsgate.shared.security.SealContext.link(link.get("phoneKey").s())).e164())
                .isEqualTo(NUMBER);
        assertThat(link.get("dataClass").s()).isEqualTo("SECURITY");
        assertThat(link.get("smsPosting").bool()).isFalse();
        assertThat(verificationItem(id)).doesNotContainKeys("recipient", "linkPending");
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aLinkInterruptedAfterTheApprovalIsFinishedByTheRetriedCheck() {
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-7f3a9c\"}"));
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        // The state an API that died between the approval and the link leaves behind (what approve() writes).
        stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("VerificationsTable"))
                .key(Map.of("pk", AttributeValue.fromS("V#" + id)))
                .updateExpression("SET #state = :approved, checks = :one, linkPending = :true, approvedAt = :at")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":approved", AttributeValue.fromS("APPROVED"), ":one", AttributeValue.fromN("1"),
                        ":true", AttributeValue.fromBool(true), ":at", AttributeValue.fromN(Long.toString(T0.getEpochSecond())))));
        assertThat(stack.scan("PhoneLinksTable")).isEmpty();

        assertThat(twoFactor.check(id, code.equals("000000") ? "000001" : "000000").statusCode())
                .as("a wrong code does not finish it").isEqualTo(404);
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        assertThat(stack.scan("PhoneLinksTable")).singleElement()
                .satisfies(link -> assertThat(link.get("accountId").s()).isEqualTo("acct-7f3a9c"));
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        assertThat(twoFactor.securityEvents()).as("the repeat links nothing twice").extracting(e -> e.path("type").asText())
                .containsExactly("PhoneLinked");
        twoFactor.clock.advance(Duration.ofSeconds(60));
        assertThat(twoFactor.check(id, code).statusCode()).as("and then the code is used up").isEqualTo(404);
    }

    @Test
    void aLoginVerificationLinksNothing() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
        assertThat(stack.scan("PhoneLinksTable")).isEmpty();
    }

    @Test
    void smsSettingsNeedAVerifiedLinkAndKeepOnlyAHashOfThePin() {
        String pin = "73195";
        HttpApiResponse unlinked = twoFactor.settings("acct-7f3a9c", "{\"smsPosting\":true,\"pin\":\"" + pin + "\"}");
        assertThat(unlinked.statusCode()).isEqualTo(404);
        assertThat(json(unlinked).path("reason").asText()).isEqualTo("NO_VERIFIED_LINK");

        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-7f3a9c\"}"));
        twoFactor.deliverSends();
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);

        HttpApiResponse noPin = twoFactor.settings("acct-7f3a9c", "{\"smsPosting\":true}");
        assertThat(noPin.statusCode()).isEqualTo(400);
        assertThat(json(noPin).path("reason").asText()).isEqualTo("PIN_REQUIRED");

        HttpApiResponse on = twoFactor.settings("acct-7f3a9c", "{\"smsPosting\":true,\"pin\":\"" + pin + "\",\"confirmPosts\":true}");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).isEqualTo("{\"accountId\":\"acct-7f3a9c\",\"smsPosting\":true,\"pinSet\":true,\"confirmPosts\":true}");
        Map<String, AttributeValue> link = stack.scan("PhoneLinksTable").getFirst();
        assertThat(link.get("pinHash").s()).startsWith("pbkdf2-sha256$");
        assertThat(link.get("smsPosting").bool()).isTrue();

        HttpApiResponse off = twoFactor.settings("acct-7f3a9c", "{\"smsPosting\":false}");
        assertThat(off.body()).isEqualTo("{\"accountId\":\"acct-7f3a9c\",\"smsPosting\":false,\"pinSet\":true,\"confirmPosts\":true}");
        HttpApiResponse backOn = twoFactor.settings("acct-7f3a9c", "{\"smsPosting\":true}");
        assertThat(backOn.statusCode()).as("the PIN set before still counts").isEqualTo(200);

        twoFactor.assertNowhere(logs, pin);
    }

    @Test
    void whereThePolicyNeedsNoPinPostingCanBeTurnedOnWithoutOne() {
        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.NONE);
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}"));
        twoFactor.deliverSends();
        assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
        HttpApiResponse on = twoFactor.settings("acct-1", "{\"smsPosting\":true}");
        assertThat(on.body()).isEqualTo("{\"accountId\":\"acct-1\",\"smsPosting\":true,\"pinSet\":false,\"confirmPosts\":false}");
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, AttributeValue> verificationItem(String id) {
        return stack.scan("VerificationsTable").stream().filter(item -> item.get("pk").s().equals("V#" + id)).findFirst().orElseThrow();
    }

    static void assertCheck(HttpApiResponse response, String status, int attemptsLeft) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"" + status + "\",\"attemptsLeft\":" + attemptsLeft + "}");
    }
}
