package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    private final RequestBodies bodies = new RequestBodies(false);

    private static <T> RequestBodies.Bad<T> bad(ApiRejection reason, String field) {
        return new RequestBodies.Bad<>(reason, field);
    }

    @Test
    void aStartNeedsAnInternationalNumberLibphonenumberAccepts() {
        assertThat(bodies.start("{\"purpose\":\"LOGIN\"}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "phone"));
        assertThat(bodies.start("{\"phone\":447911123456,\"purpose\":\"LOGIN\"}")).isEqualTo(bad(ApiRejection.INVALID_PHONE, "phone"));
        assertThat(bodies.start("{\"phone\":\"07911 123456\",\"purpose\":\"LOGIN\"}")).isEqualTo(bad(ApiRejection.INVALID_PHONE, "phone"));
        assertThat(bodies.start("{\"phone\":\"+447700900123\",\"purpose\":\"LOGIN\"}"))
                .as("fictional numbers only where the deployment allows them").isEqualTo(bad(ApiRejection.INVALID_PHONE, "phone"));
        assertThat(bodies.start("{\"phone\":\"+44 7911 123456\",\"purpose\":\"LOGIN\"}")).isInstanceOf(RequestBodies.Ok.class);
    }

    @Test
    void aStartNeedsAKnownPurposeAndForLinkPhoneAnAccount() {
        String phone = "\"phone\":\"+447911123456\"";
        assertThat(bodies.start("{" + phone + "}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "purpose"));
        assertThat(bodies.start("{" + phone + ",\"purpose\":\"login\"}")).isEqualTo(bad(ApiRejection.INVALID_PURPOSE, "purpose"));
        assertThat(bodies.start("{" + phone + ",\"purpose\":\"LINK_PHONE\"}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "accountId"));
        assertThat(bodies.start("{" + phone + ",\"purpose\":\"LOGIN\",\"accountId\":\"a b\"}"))
                .isEqualTo(bad(ApiRejection.INVALID_ACCOUNT_ID, "accountId"));
        assertThat(bodies.start("{" + phone + ",\"purpose\":\"LOGIN\",\"locale\":\"english please\"}"))
                .isEqualTo(bad(ApiRejection.INVALID_LOCALE, "locale"));
        assertThat(bodies.start("{" + phone + ",\"purpose\":\"LOGIN\",\"accountId\":null,\"locale\":null}")).isInstanceOf(RequestBodies.Ok.class);
    }

    @Test
    void aBodyThatIsNotASmallJsonObjectIsRefusedAsAWhole() {
        assertThat(bodies.start(null)).isEqualTo(bad(ApiRejection.MALFORMED_JSON, null));
        assertThat(bodies.start("[1,2]")).isEqualTo(bad(ApiRejection.MALFORMED_JSON, null));
        assertThat(bodies.code("{\"code\":")).isEqualTo(bad(ApiRejection.MALFORMED_JSON, null));
        assertThat(bodies.settings("{\"pin\":\"" + "1".repeat(5000) + "\"}")).isEqualTo(bad(ApiRejection.BODY_TOO_LARGE, null));
    }

    @Test
    void settingsNeedSmsPostingAsABoolean() {
        assertThat(bodies.settings("{}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "smsPosting"));
        assertThat(bodies.settings("{\"smsPosting\":\"yes\"}")).isEqualTo(bad(ApiRejection.INVALID_FIELD, "smsPosting"));
        assertThat(bodies.settings("{\"smsPosting\":true,\"pin\":1234}")).isEqualTo(bad(ApiRejection.INVALID_PIN, "pin"));
        assertThat(bodies.settings("{\"smsPosting\":true,\"confirmPosts\":1}")).isEqualTo(bad(ApiRejection.INVALID_FIELD, "confirmPosts"));
        assertThat(bodies.settings("{\"smsPosting\":false,\"confirmPosts\":true}"))
                .isEqualTo(new RequestBodies.Ok<>(new SettingsRequest(false, null, true)));
    }

    @Test
    void aCheckNamesItsCodeAndWhatItVerifies() {
        assertThat(bodies.check("{\"code\":\"123456\"}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "purpose"));
        assertThat(bodies.check("{\"purpose\":\"LOGIN\"}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "code"));
        assertThat(bodies.check("{\"code\":\"123456\",\"purpose\":\"login\"}")).isEqualTo(bad(ApiRejection.INVALID_PURPOSE, "purpose"));
        assertThat(bodies.check("{\"code\":\"123456\",\"purpose\":\"LOGIN\",\"accountId\":\"a b\"}"))
                .isEqualTo(bad(ApiRejection.INVALID_ACCOUNT_ID, "accountId"));
        assertThat(bodies.check("{\"code\":\"123456\",\"purpose\":\"LOGIN\",\"session\":\"has space\"}"))
                .isEqualTo(bad(ApiRejection.INVALID_SESSION, "session"));
        assertThat(bodies.check("{\"code\":\"123456\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\",\"session\":\"s=1\"}"))
                .isEqualTo(new RequestBodies.Ok<>(new CheckRequest("123456", VerificationPurpose.LINK_PHONE, "acct-1", "s=1")));
        assertThat(bodies.start("{\"phone\":\"+447911123456\",\"purpose\":\"LOGIN\",\"session\":7}"))
                .isEqualTo(bad(ApiRejection.INVALID_SESSION, "session"));
    }

    @Test
    void anUnlockNamesTheNumberInTheBody() {
        assertThat(bodies.unlock("{}")).isEqualTo(bad(ApiRejection.MISSING_FIELD, "phone"));
        assertThat(bodies.unlock("{\"phone\":447700900123}")).isEqualTo(bad(ApiRejection.INVALID_PHONE, "phone"));
        assertThat(bodies.unlock("{\"phone\":\"+447911123456\"}")).isInstanceOf(RequestBodies.Ok.class);
    }

    @Test
    void theCurrentPinIsShapedLikeAPinAndRemovePinIsABooleanThatExcludesANewPin() {
        assertThat(bodies.settings("{\"smsPosting\":true,\"pin\":\"9999\",\"currentPin\":\"4821\"}"))
                .isEqualTo(new RequestBodies.Ok<>(new SettingsRequest(true, "9999", "4821", false, null)));
        assertThat(bodies.settings("{\"smsPosting\":true,\"pin\":\"9999\",\"currentPin\":4821}"))
                .isEqualTo(bad(ApiRejection.INVALID_PIN, "currentPin"));
        assertThat(bodies.settings("{\"smsPosting\":true,\"currentPin\":\"48a1\"}")).isEqualTo(bad(ApiRejection.INVALID_PIN, "currentPin"));
        assertThat(bodies.settings("{\"smsPosting\":true,\"removePin\":true,\"currentPin\":\"4821\"}"))
                .isEqualTo(new RequestBodies.Ok<>(new SettingsRequest(true, null, "4821", true, null)));
        assertThat(bodies.settings("{\"smsPosting\":true,\"removePin\":\"yes\"}")).isEqualTo(bad(ApiRejection.INVALID_FIELD, "removePin"));
        assertThat(bodies.settings("{\"smsPosting\":true,\"removePin\":true,\"pin\":\"9999\"}"))
                .isEqualTo(bad(ApiRejection.INVALID_FIELD, "removePin"));
        assertThat(new SettingsRequest(true, "9999", "4821", false, null).toString()).doesNotContain("9999").doesNotContain("4821");
    }

    @Test
    void pathIdsHaveTheirOwnShapes() {
        assertThat(RequestBodies.validVerificationId("sampleVerification0001")).isTrue();
        assertThat(RequestBodies.validVerificationId("sampleVerification000")).isFalse();
        assertThat(RequestBodies.validVerificationId("../../etc/passwd00000")).isFalse();
        assertThat(RequestBodies.validAccountId("acct-7f3a9c")).isTrue();
        assertThat(RequestBodies.validAccountId("-acct")).isFalse();
        assertThat(RequestBodies.validAccountId("a".repeat(129))).isFalse();
    }
}
