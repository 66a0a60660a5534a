package io.smsgate.local.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the local stack puts in each of template.yaml's key secrets: the phone-key secret is
 * {@link Stack#DEVELOPMENT_SECRET} itself, every other secret is derived from it exactly as
 * {@code KeySecret.developmentValues} in shared derives it (HKDF-SHA256, salt {@code smsgate/hkdf/v1},
 * info {@code smsgate/development/<secret>/k1}; the versioned ones as key id {@code k1}). So the functions,
 * reading their own secrets, and the local tools, signing with {@code KeyRing.fromSecret(DEVELOPMENT_SECRET)},
 * hold the same keys. This module cannot depend on shared (shared's tests run on it), so the derivation is
 * written out here; {@code DevelopmentKeysTest} in shared checks the two agree.
 */
public final class DevelopmentKeys {
    /** Logical id in template.yaml → the name of shared's {@code KeySecret} it is, lower case; and whether it is versioned. */
    private record KeySecretName(String name, boolean versioned) {
    }

    private static final Map<String, KeySecretName> SECRETS = Map.of(
            "PhoneHmacSecret", new KeySecretName("phone_hmac", false),
            "SealingKeysSecret", new KeySecretName("sealing_keys", true),
            "MessageMacKeysSecret", new KeySecretName("message_mac_keys", true),
            "CodeDigestSecret", new KeySecretName("code_digest", false),
            "PinPepperSecret", new KeySecretName("pin_pepper", false));

    private DevelopmentKeys() {
    }

    /** The template's key secrets this stack knows how to fill. */
    public static java.util.Set<String> logicalIds() {
        return SECRETS.keySet();
    }

    /** The value of the secret {@code logicalId} in a local stack; a secret not known here fails, naming it. */
    public static String secretValue(String logicalId) {
        KeySecretName secret = SECRETS.get(logicalId);
        if (secret == null) {
            throw new IllegalArgumentException("template.yaml's secret " + logicalId
                    + " is not one the local stack knows how to fill (DevelopmentKeys)");
        }
        if (logicalId.equals("PhoneHmacSecret")) {
            return Stack.DEVELOPMENT_SECRET;
        }
        byte[] prk = hmac("smsgate/hkdf/v1".getBytes(StandardCharsets.UTF_8), Stack.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8));
        byte[] info = ("smsgate/development/" + secret.name() + "/k1").getBytes(StandardCharsets.UTF_8);
        String derived = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac(prk, ByteBuffer.allocate(info.length + 1).put(info).put((byte) 1).array()));
        return secret.versioned() ? "{\"current\":\"k1\",\"k1\":\"" + derived + "\"}" : derived;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
