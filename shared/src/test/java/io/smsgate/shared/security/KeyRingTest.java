package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
    private static final SealContext M1 = SealContext.inbound("m-1");
    private final KeyRing keys = KeyRing.fromSecret(SECRET);
    private final PhoneNumber number = PhoneNumbers.parse("+447700900123", true).orElseThrow();

    @Test
    void theSameNumberAlwaysHasTheSameKeyWhateverItsSpelling() {
        PhoneNumber spaced = PhoneNumbers.parse("+44 7700 900 123", true).orElseThrow();
        assertThat(keys.phoneKey(number)).isEqualTo(keys.phoneKey(spaced))
                .isEqualTo(KeyRing.fromSecret(SECRET).phoneKey(number))
                .doesNotContain("7700900123");
    }

    @Test
    void anotherSecretGivesAnotherKey() {
        assertThat(KeyRing.fromSecret(SECRET + "x").phoneKey(number)).isNotEqualTo(keys.phoneKey(number));
    }

    @Test
    void theKeysDerivationIsPinned() {
        // Checked against an independent HKDF-SHA256 (RFC 5869) and HMAC-SHA256 (Python hmac/hashlib).
        // Changing a derivation would make every table item unreachable (phone key) and every message in
        // flight unreadable (MAC): these values must never change for a given secret.
        assertThat(keys.phoneKey(number)).isEqualTo(PHONE_KEY_VECTOR);
        assertThat(keys.mac("ApprovedCommand", "{}")).isEqualTo(MAC_VECTOR);
        assertThat(keys.digest("code", "verification-1", "123456")).isEqualTo(DIGEST_VECTOR);
        // What builds before the key split made from the one secret: key id k0, still verified.
        assertThat(keys.checkMac("ApprovedCommand", "{}", LEGACY_MAC_VECTOR)).isEqualTo(KeyRing.MacCheck.VALID);
        assertThat(keys.matches("code", "verification-1", "123456", LEGACY_DIGEST_VECTOR)).isTrue();
    }

    private static final String PHONE_KEY_VECTOR = "nMh7Islqd4LGfi8fUx-UMucVJTXvkyej7pQihwMSQJk";
    /** The development ring's MAC: key id k1 of the MAC secret derived from SECRET (KeySecret.developmentValues). */
    private static final String MAC_VECTOR = "v1.k1.9kOrn2o04GKoq9CaTs3rN9f0Dk3g4OTlohWrddgFHJ4";
    private static final String DIGEST_VECTOR = "d1.QG7QbVauipCZLXTRTuMf1gR0ojuOCL1amU5CVeD3aME";
    private static final String LEGACY_MAC_VECTOR = "v1.ZoWqyO2fb3gTofN37XxVtz_SstMvQAV_wCwjC-dENmg";
    private static final String LEGACY_DIGEST_VECTOR = "uGlzBJjB2kY8t35C_3gn9_6DrK-BP4wTteCT_quRoqU";

    @Test
    void aSealedNumberOpensInItsOwnMessageAndHidesTheNumber() {
        SealedNumber sealed = keys.seal(number, M1);
        assertThat(sealed.sealed()).startsWith("v2.k1.").doesNotContain("7700900123");
        assertThat(sealed.key()).isEqualTo(keys.phoneKey(number));
        assertThat(keys.open(sealed, M1)).isEqualTo(number);
        assertThat(keys.open(sealed, SealContext.inbound("m-1"))).isEqualTo(number);
        assertThat(keys.seal(number, M1).sealed()).as("fresh nonce each time").isNotEqualTo(sealed.sealed());
    }

    @Test
    void aSealCopiedIntoAnotherMessageDoesNotOpen() {
        SealedNumber sealed = keys.seal(number, M1);
        for (SealContext other : new SealContext[] {SealContext.inbound("m-2"), SealContext.outbound("m-1"),
                SealContext.verification("m-1"), SealContext.link("m-1"), SealContext.outbound("m-1#reply")}) {
            assertThatThrownBy(() -> keys.open(sealed, other)).as(other.toString()).isInstanceOf(KeyRing.TamperedException.class);
        }
    }

    @Test
    void resealingMovesANumberFromOneMessageToAnother() {
        SealedNumber forReply = keys.reseal(keys.seal(number, M1), M1, SealContext.outbound("m-1#reply"));
        assertThat(keys.open(forReply, SealContext.outbound("m-1#reply"))).isEqualTo(number);
        assertThatThrownBy(() -> keys.open(forReply, M1)).isInstanceOf(KeyRing.TamperedException.class);
    }

    @Test
    void refusesASealedNumberFromAnotherDeploymentOrAltered() {
        SealedNumber sealed = keys.seal(number, M1);
        assertThatThrownBy(() -> KeyRing.fromSecret(SECRET + "x").open(sealed, M1)).isInstanceOf(KeyRing.TamperedException.class);
        String altered = sealed.sealed().substring(0, sealed.sealed().length() - 2) + "AA";
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), altered), M1)).isInstanceOf(KeyRing.TamperedException.class);
        SealedNumber other = keys.seal(PhoneNumbers.parse("+12025550123").orElseThrow(), M1);
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), other.sealed()), M1))
                .isInstanceOf(KeyRing.TamperedException.class);
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), "v2.!!"), M1)).isInstanceOf(KeyRing.TamperedException.class);
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), "v2.AAAA"), M1)).isInstanceOf(KeyRing.TamperedException.class);
    }

    @Test
    void aSealOfAnUnknownVersionIsRefused() {
        String body = keys.seal(number, M1).sealed().substring("v2.k1.".length());
        assertThatThrownBy(() -> keys.open(new SealedNumber(keys.phoneKey(number), "v3." + body), M1))
                .isInstanceOf(KeyRing.TamperedException.class);
        assertThatThrownBy(() -> keys.open(new SealedNumber(keys.phoneKey(number), body), M1))
                .isInstanceOf(KeyRing.TamperedException.class);
    }

    @Test
    void aV1SealStillOpensInAVerificationItemAndNowhereElse() throws Exception {
        SealedNumber v1 = new SealedNumber(keys.phoneKey(number), sealV1(number.e164()));
        assertThat(keys.open(v1, SealContext.verification("any-verification"))).isEqualTo(number);
        for (SealContext message : new SealContext[] {M1, SealContext.outbound("r-1"), SealContext.link(keys.phoneKey(number))}) {
            assertThatThrownBy(() -> keys.open(v1, message)).as(message.toString()).isInstanceOf(KeyRing.TamperedException.class);
        }
    }

    @Test
    void aSealedTextOpensOnlyInItsOwnMessageAndNeverAsANumber() {
        String sealed = keys.sealText("4821 hello", M1);
        assertThat(sealed).startsWith("v2.k1.").doesNotContain("4821").doesNotContain("hello");
        assertThat(keys.openText(sealed, M1)).isEqualTo("4821 hello");
        assertThat(keys.sealText(null, M1)).isNull();
        assertThat(keys.openText(null, M1)).isNull();
        assertThatThrownBy(() -> keys.openText(sealed, SealContext.inbound("m-2"))).isInstanceOf(KeyRing.TamperedException.class);
        assertThatThrownBy(() -> KeyRing.fromSecret(SECRET + "x").openText(sealed, M1)).isInstanceOf(KeyRing.TamperedException.class);
        assertThatThrownBy(() -> keys.openText("4821 hello", M1)).isInstanceOf(KeyRing.TamperedException.class);
        // A sealed number's ciphertext is not a text (another key, another purpose), nor the other way round.
        String sealedNumber = keys.seal(number, M1).sealed();
        assertThatThrownBy(() -> keys.openText(sealedNumber, M1)).isInstanceOf(KeyRing.TamperedException.class);
        String textOfNumber = keys.sealText(number.e164(), M1);
        assertThatThrownBy(() -> keys.open(new SealedNumber(keys.phoneKey(number), textOfNumber), M1))
                .isInstanceOf(KeyRing.TamperedException.class);
    }

    @Test
    void aMacIsBoundToItsMessageItsTypeAndItsDeployment() {
        String canonical = "{\"maxPostsPerHourPerAccount\":5,\"type\":\"ApprovedCommand\"}";
        String mac = keys.mac("ApprovedCommand", canonical);
        assertThat(mac).startsWith("v1.k1.");
        assertThat(keys.checkMac("ApprovedCommand", canonical, mac)).isEqualTo(KeyRing.MacCheck.VALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical.replace("5", "500"), mac)).as("tampered")
                .isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("OutboundSms", canonical, mac)).as("another type's key").isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, keys.mac("OutboundSms", canonical))).as("made with another type's key")
                .isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, KeyRing.fromSecret(SECRET + "x").mac("ApprovedCommand", canonical)))
                .as("another deployment").isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, null)).isEqualTo(KeyRing.MacCheck.MISSING);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "")).isEqualTo(KeyRing.MacCheck.MISSING);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "v2." + mac.substring(3))).isEqualTo(KeyRing.MacCheck.UNKNOWN_VERSION);
        assertThat(keys.checkMac("ApprovedCommand", canonical, mac.substring(3))).as("no version prefix")
                .isEqualTo(KeyRing.MacCheck.UNKNOWN_VERSION);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "v1.AAAA")).isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "v1.k1.AAAA")).isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "v1.kx." + mac.substring(6))).as("a malformed key id")
                .isEqualTo(KeyRing.MacCheck.INVALID);
        assertThat(keys.checkMac("ApprovedCommand", canonical, "v1.k9." + mac.substring(6))).as("a key id the secret does not hold")
                .isEqualTo(KeyRing.MacCheck.UNKNOWN_KEY);
    }

    @Test
    void digestsAreBoundToPurposeAndContextAndCompareInConstantTime() {
        String stored = keys.digest("code", "verification-1", "123456");
        assertThat(stored).doesNotContain("123456");
        assertThat(keys.matches("code", "verification-1", "123456", stored)).isTrue();
        assertThat(keys.matches("code", "verification-1", "123457", stored)).isFalse();
        assertThat(keys.matches("code", "verification-2", "123456", stored)).isFalse();
        assertThat(keys.matches("pin", "verification-1", "123456", stored)).isFalse();
        assertThat(keys.matches("code", "verification-1", "123456", null)).isFalse();
        assertThat(keys.matches("code", "verification-1", "123456", stored.substring(3))).as("the new key without its prefix")
                .isFalse();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> KeyRing.fromSecret("short")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A seal as builds before {@code v2.} made them: key HMAC(secret, "smsgate/seal/v1"), constant additional data. */
    private static String sealV1(String e164) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        SecretKeySpec key = new SecretKeySpec(hmac.doFinal("smsgate/seal/v1".getBytes(StandardCharsets.UTF_8)), "AES");
        byte[] nonce = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD("smsgate/sealed-number/v1".getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(e164.getBytes(StandardCharsets.UTF_8));
        byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}
