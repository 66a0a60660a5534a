package io.smsgate.shared.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The deployment's secrets, one per purpose (template.yaml creates them, Secrets Manager holds them),
 * each named to a function by its environment variable. A function's role may read only the secrets its
 * environment names; {@link KeyRing.Purpose} says which keys come out of which secret.
 *
 * <ul>
 *   <li>{@link #PHONE_HMAC}: a string. The phone-key HMAC, and the legacy keys (key id {@code k0}) that open
 *       and verify what builds before the split sealed, MACed, digested and peppered with it.</li>
 *   <li>{@link #SEALING_KEYS}, {@link #MESSAGE_MAC_KEYS}: versioned, JSON {@code {"current":"k1","k1":"…"}}
 *       (during a rotation also the older id): the current id seals and MACs, every id opens and verifies.</li>
 *   <li>{@link #CODE_DIGEST}, {@link #PIN_PEPPER}: a string each.</li>
 * </ul>
 */
public enum KeySecret {
    PHONE_HMAC("PHONE_HMAC_SECRET_ARN", false),
    SEALING_KEYS("SEALING_KEYS_SECRET_ARN", true),
    MESSAGE_MAC_KEYS("MESSAGE_MAC_KEYS_SECRET_ARN", true),
    CODE_DIGEST("CODE_DIGEST_SECRET_ARN", false),
    PIN_PEPPER("PIN_PEPPER_SECRET_ARN", false);

    private final String variable;
    private final boolean versioned;

    KeySecret(String variable, boolean versioned) {
        this.variable = variable;
        this.versioned = versioned;
    }

    /** The environment variable that names the secret's ARN to a function. */
    public String variable() {
        return variable;
    }

    /** Whether the secret holds key ids ({@code {"current":"k1","k1":"…"}}) rather than one string. */
    public boolean versioned() {
        return versioned;
    }

    /**
     * What each secret holds in a development stack whose one secret is {@code developmentSecret}: the
     * phone-key secret is that string (so local phone keys never change), the others are derived from it
     * (HKDF, one info string each; versioned ones as key id {@code k1}). {@link KeyRing#fromSecret} builds
     * its ring from exactly these values, so a tool signing with {@code KeyRing.fromSecret(DEVELOPMENT_SECRET)}
     * and a function reading the local stack's secrets hold the same keys.
     */
    public static Map<KeySecret, String> developmentValues(String developmentSecret) {
        KeyRing.requireLongEnough(developmentSecret, "the development secret");
        byte[] prk = Hkdf.extract(developmentSecret.getBytes(StandardCharsets.UTF_8));
        Map<KeySecret, String> values = new EnumMap<>(KeySecret.class);
        for (KeySecret secret : values()) {
            if (secret == PHONE_HMAC) {
                values.put(secret, developmentSecret);
                continue;
            }
            String derived = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Hkdf.expand(prk, "smsgate/development/" + secret.name().toLowerCase(java.util.Locale.ROOT) + "/k1"));
            values.put(secret, secret.versioned ? "{\"current\":\"k1\",\"k1\":\"" + derived + "\"}" : derived);
        }
        return values;
    }
}
