package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A ring built from per-purpose secrets: only its purposes, key ids, rotation, and the forms from before the split. */
class KeyRingPartsTest {
    private static final String PHONE = "phone-secret-that-is-long-enough-0123456789";
    private static final String K1 = "sealing-or-mac-key-one-long-enough-0123456789";
    private static final String K2 = "sealing-or-mac-key-two-long-enough-0123456789";
    private static final SealContext M1 = SealContext.inbound("m-1");
    private static final String CANONICAL = "{\"type\":\"OutboundSms\"}";
    private final PhoneNumber number = PhoneNumbers.parse("+447700900123", true).orElseThrow();

    private static Map<KeySecret, String> secrets(String versioned) {
        Map<KeySecret, String> secrets = new EnumMap<>(KeySecret.class);
        secrets.put(KeySecret.PHONE_HMAC, PHONE);
        secrets.put(KeySecret.SEALING_KEYS, versioned);
        secrets.put(KeySecret.MESSAGE_MAC_KEYS, versioned);
        secrets.put(KeySecret.CODE_DIGEST, "code-digest-secret-long-enough-0123456789");
        secrets.put(KeySecret.PIN_PEPPER, "pin-pepper-secret-long-enough-0123456789");
        return secrets;
    }

    private static KeyRing ring(String versioned, boolean legacy) {
        return KeyRing.fromParts(secrets(versioned), EnumSet.allOf(KeyRing.Purpose.class), legacy);
    }

    private static String only(String id, String value) {
        return "{\"current\":\"" + id + "\",\"" + id + "\":\"" + value + "\"}";
    }

    @Test
    void aRingHoldsOnlyThePurposesItWasGivenAndSaysWhatIsMissing() {
        // SendSmsFunction's ring: no text-sealing key, no ApprovedCommand MAC, no PIN pepper.
        KeyRing sendSms = KeyRing.fromParts(secrets(only("k1", K1)), EnumSet.of(KeyRing.Purpose.PHONE_KEY,
                KeyRing.Purpose.NUMBER_SEALING, KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.CODE_DIGEST), true);
        KeyRing all = ring(only("k1", K1), true);
        String sealedText = all.sealText("4821 hello", M1);
        assertThat(sendSms.open(all.seal(number, M1), M1)).as("the purposes it holds work").isEqualTo(number);
        assertThat(sendSms.checkMac("OutboundSms", CANONICAL, all.mac("OutboundSms", CANONICAL))).isEqualTo(KeyRing.MacCheck.VALID);
        assertThatThrownBy(() -> sendSms.openText(sealedText, M1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("text sealing").hasMessageContaining("SEALING_KEYS_SECRET_ARN");
        assertThatThrownBy(() -> sendSms.mac("ApprovedCommand", "{}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the ApprovedCommand MAC").hasMessageContaining("MESSAGE_MAC_KEYS_SECRET_ARN");
        assertThatThrownBy(() -> new PinHasher(sendSms, 1_000)).as("fails at wiring, not at the first PIN")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the PIN pepper").hasMessageContaining("PIN_PEPPER_SECRET_ARN");
        assertThatThrownBy(() -> new ApprovedCommandReader(sendSms)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reading ApprovedCommand");
        assertThat(new OutboundSmsReader(sendSms)).isNotNull();
        assertThat(sendSms.toString()).doesNotContain(K1).doesNotContain(PHONE);
    }

    @Test
    void aRingWithoutASecretItsPurposesNeedIsRefusedAtOnce() {
        Map<KeySecret, String> noSealing = secrets(only("k1", K1));
        noSealing.remove(KeySecret.SEALING_KEYS);
        assertThatThrownBy(() -> KeyRing.fromParts(noSealing, EnumSet.of(KeyRing.Purpose.TEXT_SEALING), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEALING_KEYS_SECRET_ARN");
        // Not needed, not kept: a ring for the phone key alone is built without the sealing secret.
        assertThat(KeyRing.fromParts(noSealing, EnumSet.of(KeyRing.Purpose.PHONE_KEY), true).phoneKey(number)).isNotBlank();
    }

    @Test
    void aVersionedSecretMustNameItsCurrentKeyAndNothingButKeyIds() {
        for (String bad : new String[] {"not json", "{\"k1\":\"" + K1 + "\"}", "{\"current\":\"k2\",\"k1\":\"" + K1 + "\"}",
                "{\"current\":\"k0\",\"k0\":\"" + K1 + "\"}", "{\"current\":\"k1\",\"k1\":\"short\"}", "[]"}) {
            assertThatThrownBy(() -> ring(bad, true)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SEALING_KEYS_SECRET_ARN").hasMessageNotContaining(K1);
        }
    }

    @Test
    void rotationSealsAndMacsWithTheNewKeyWhileTheOldStillOpensUntilItIsRemoved() {
        KeyRing before = ring(only("k1", K1), true);
        KeyRing during = ring("{\"current\":\"k2\",\"k1\":\"" + K1 + "\",\"k2\":\"" + K2 + "\"}", true);
        KeyRing after = ring(only("k2", K2), true);

        SealedNumber oldSeal = before.seal(number, M1);
        String oldText = before.sealText("4821 hello", M1);
        String oldMac = before.mac("OutboundSms", CANONICAL);
        assertThat(oldSeal.sealed()).startsWith("v2.k1.");
        assertThat(oldMac).startsWith("v1.k1.");

        assertThat(during.open(oldSeal, M1)).as("a k1 seal still opens").isEqualTo(number);
        assertThat(during.openText(oldText, M1)).isEqualTo("4821 hello");
        assertThat(during.checkMac("OutboundSms", CANONICAL, oldMac)).isEqualTo(KeyRing.MacCheck.VALID);
        SealedNumber newSeal = during.seal(number, M1);
        assertThat(newSeal.sealed()).as("new seals are k2").startsWith("v2.k2.");
        assertThat(during.sealText("x", M1)).startsWith("v2.k2.");
        assertThat(during.mac("OutboundSms", CANONICAL)).startsWith("v1.k2.");
        assertThat(before.checkMac("OutboundSms", CANONICAL, during.mac("OutboundSms", CANONICAL)))
                .as("a function not yet given k2 does not know it").isEqualTo(KeyRing.MacCheck.UNKNOWN_KEY);

        assertThat(after.open(newSeal, M1)).isEqualTo(number);
        assertThatThrownBy(() -> after.open(oldSeal, M1)).as("k1 removed: refused, with the reason")
                .isInstanceOfSatisfying(KeyRing.UnknownKeyException.class, e -> assertThat(e.keyId()).isEqualTo("k1"));
        assertThatThrownBy(() -> after.openText(oldText, M1)).isInstanceOf(KeyRing.UnknownKeyException.class);
        assertThat(after.checkMac("OutboundSms", CANONICAL, oldMac)).isEqualTo(KeyRing.MacCheck.UNKNOWN_KEY);
    }

    @Test
    void aKeyIdThatIsNotOneIsTamperingNotAnUnknownKey() {
        KeyRing ring = ring(only("k1", K1), true);
        String body = ring.seal(number, M1).sealed().substring("v2.k1.".length());
        assertThatThrownBy(() -> ring.open(new SealedNumber(ring.phoneKey(number), "v2.x1." + body), M1))
                .isInstanceOf(KeyRing.TamperedException.class).isNotInstanceOf(KeyRing.UnknownKeyException.class);
        assertThatThrownBy(() -> ring.open(new SealedNumber(ring.phoneKey(number), "v2.k0." + body), M1))
                .as("k0 is only ever the form without an id").isInstanceOf(KeyRing.TamperedException.class)
                .isNotInstanceOf(KeyRing.UnknownKeyException.class);
    }

    @Test
    void formsFromBeforeTheSplitOpenWithThePhoneSecretsKeysWhileAcceptedAndNeverAreProduced() throws Exception {
        KeyRing accepting = ring(only("k1", K1), true);
        KeyRing refusing = ring(only("k1", K1), false);
        SealedNumber legacySeal = new SealedNumber(accepting.phoneKey(number), legacySeal("smsgate/seal-number/v2", M1, "number", number.e164()));
        String legacyText = legacySeal("smsgate/seal-text/v2", M1, "text", "4821 hello");
        String legacyMac = "v1." + b64(hmac(hkdf("smsgate/mac/OutboundSms/v1"), CANONICAL));
        String legacyDigest = b64(hmac(hmac(PHONE.getBytes(StandardCharsets.UTF_8), "smsgate/digest/v1"), "code\u0000v-1\u0000123456"));

        assertThat(accepting.open(legacySeal, M1)).isEqualTo(number);
        assertThat(accepting.openText(legacyText, M1)).isEqualTo("4821 hello");
        assertThat(accepting.checkMac("OutboundSms", CANONICAL, legacyMac)).isEqualTo(KeyRing.MacCheck.VALID);
        assertThat(accepting.matches("code", "v-1", "123456", legacyDigest)).isTrue();
        assertThat(accepting.matches("code", "v-1", "123457", legacyDigest)).isFalse();
        assertThat(accepting.seal(number, M1).sealed()).as("never produced").startsWith("v2.k1.");
        assertThat(accepting.digest("code", "v-1", "123456")).startsWith("d1.");

        assertThatThrownBy(() -> refusing.open(legacySeal, M1))
                .isInstanceOfSatisfying(KeyRing.UnknownKeyException.class, e -> assertThat(e.keyId()).isEqualTo("k0"));
        assertThatThrownBy(() -> refusing.openText(legacyText, M1)).isInstanceOf(KeyRing.UnknownKeyException.class);
        assertThat(refusing.checkMac("OutboundSms", CANONICAL, legacyMac)).isEqualTo(KeyRing.MacCheck.UNKNOWN_KEY);
        assertThat(refusing.matches("code", "v-1", "123456", legacyDigest)).isFalse();

        // A link's sealed number lives as long as the link: it opens however legacy forms are set.
        SealContext link = SealContext.link(accepting.phoneKey(number));
        SealedNumber legacyLink = new SealedNumber(accepting.phoneKey(number), legacySeal("smsgate/seal-number/v2", link, "number", number.e164()));
        assertThat(refusing.open(legacyLink, link)).isEqualTo(number);

        // Another deployment's phone secret does not open them.
        Map<KeySecret, String> other = secrets(only("k1", K1));
        other.put(KeySecret.PHONE_HMAC, PHONE + "x");
        assertThatThrownBy(() -> KeyRing.fromParts(other, EnumSet.allOf(KeyRing.Purpose.class), true).openText(legacyText, M1))
                .isInstanceOf(KeyRing.TamperedException.class).isNotInstanceOf(KeyRing.UnknownKeyException.class);
    }

    @Test
    void aPinHashFromBeforeTheSplitVerifiesWithTheLegacyPepperAndNewHashesCarryThePepperId() throws Exception {
        KeyRing ring = ring(only("k1", K1), false);
        PinHasher hasher = new PinHasher(ring, 1_000);
        // As builds before the split hashed: 4 parts, peppered with the digest key of the phone secret.
        byte[] salt = new byte[16];
        String pepper = b64(hmac(hmac(PHONE.getBytes(StandardCharsets.UTF_8), "smsgate/digest/v1"), "pin-pepper\u0000\u00004821"));
        javax.crypto.SecretKeyFactory pbkdf2 = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] hash = pbkdf2.generateSecret(new javax.crypto.spec.PBEKeySpec(pepper.toCharArray(), salt, 1_000, 256)).getEncoded();
        String legacy = "pbkdf2-sha256$1000$" + b64(salt) + "$" + b64(hash);

        assertThat(PinHasher.isLegacy(legacy)).isTrue();
        assertThat(hasher.matches("4821", legacy)).as("even with legacy forms refused: a PIN lives as long as the account").isTrue();
        assertThat(hasher.matches("4822", legacy)).isFalse();
        String fresh = hasher.hash("4821");
        assertThat(fresh).startsWith("pbkdf2-sha256$p1$1000$");
        assertThat(PinHasher.isLegacy(fresh)).isFalse();
        assertThat(hasher.matches("4821", fresh)).isTrue();
        assertThat(hasher.matches("4821", "pbkdf2-sha256$p9$" + fresh.substring("pbkdf2-sha256$p1$".length()))).isFalse();
        Map<KeySecret, String> otherPepper = secrets(only("k1", K1));
        otherPepper.put(KeySecret.PIN_PEPPER, "another-pin-pepper-long-enough-0123456789");
        assertThat(new PinHasher(KeyRing.fromParts(otherPepper, EnumSet.allOf(KeyRing.Purpose.class), false), 1_000).matches("4821", fresh))
                .as("the p1 hash needs the pepper secret").isFalse();
    }

    @Test
    void theDevelopmentRingIsTheRingOfTheDevelopmentSecrets() {
        String dev = "a-development-secret-long-enough-0123456789";
        Map<KeySecret, String> values = KeySecret.developmentValues(dev);
        assertThat(values.get(KeySecret.PHONE_HMAC)).isEqualTo(dev);
        assertThat(values.get(KeySecret.SEALING_KEYS)).startsWith("{\"current\":\"k1\",\"k1\":\"");
        assertThat(values.values()).doesNotHaveDuplicates();
        KeyRing fromParts = KeyRing.fromParts(values, EnumSet.allOf(KeyRing.Purpose.class), true);
        KeyRing fromSecret = KeyRing.fromSecret(dev);
        assertThat(fromParts.open(fromSecret.seal(number, M1), M1)).isEqualTo(number);
        assertThat(fromSecret.openText(fromParts.sealText("hello", M1), M1)).isEqualTo("hello");
        assertThat(fromParts.mac("ApprovedCommand", "{}")).isEqualTo(fromSecret.mac("ApprovedCommand", "{}"));
        assertThat(fromParts.digest("code", "v", "1")).isEqualTo(fromSecret.digest("code", "v", "1"));
        assertThat(new PinHasher(fromParts, 1_000).matches("4821", new PinHasher(fromSecret, 1_000).hash("4821"))).isTrue();
    }

    // ---- the pre-split derivations, written out independently of KeyRing

    private static String legacySeal(String info, SealContext context, String purpose, String plaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hkdf(info), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("smsgate/seal/v2\u0000" + purpose + "\u0000" + context.kind() + "\u0000" + context.id()).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return "v2." + b64(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    }

    private static byte[] hkdf(String info) throws Exception {
        byte[] prk = hmac("smsgate/hkdf/v1".getBytes(StandardCharsets.UTF_8), PHONE);
        byte[] label = info.getBytes(StandardCharsets.UTF_8);
        return hmac(prk, ByteBuffer.allocate(label.length + 1).put(label).put((byte) 1).array());
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
