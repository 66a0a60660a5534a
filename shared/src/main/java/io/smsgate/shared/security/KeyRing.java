package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a function holds, and the only code that uses them. A ring is built from the secrets the
 * function was given ({@link #fromParts}: one per {@link KeySecret}) for the {@link Purpose}s its wiring
 * names, and holds nothing else: asking it for another purpose is a programming error and fails loudly,
 * naming the purpose and the secret.
 *
 * <ul>
 *   <li>{@link #phoneKey}: HMAC-SHA256 of the E.164 number. Every security table is keyed by it, so the
 *       same number always maps to the same item and no table key is a phone number.</li>
 *   <li>{@link #seal}/{@link #open}: a number, AES-256-GCM, bound to the message or item it travels in
 *       ({@link SealContext}), so it can reach the function that must text it without being readable
 *       on the way, and a seal copied into another message does not open.</li>
 *   <li>{@link #sealText}/{@link #openText}: a text's body (PIN included), the same way, with its own key.</li>
 *   <li>{@link #mac}/{@link #checkMac}: HMAC-SHA256 over a message's canonical JSON, one key per message
 *       type, so a consumer can tell a message its producer made from one anybody else made.</li>
 *   <li>{@link #digest}: HMAC for short secrets (codes, session bindings), domain-separated by purpose,
 *       with a constant-time {@link #matches}; {@link #pinPepper} for PIN hashes ({@link PinHasher}).</li>
 * </ul>
 *
 * <p>Seals and MACs carry the id of the key that made them ({@code v2.k1.…}, {@code v1.k1.…}): the
 * secret's current id seals and MACs, every id in the secret opens and verifies, an id the secret no
 * longer holds is refused ({@link UnknownKeyException}, {@link MacCheck#UNKNOWN_KEY}). The forms without
 * an id ({@code v2.…}, {@code v1.…}, bare digests, 4-part PIN hashes) are what builds before the split
 * made with keys derived from the phone-key secret; they are key id {@code k0}, never produced, and
 * accepted only while the deployment accepts legacy forms (a link's sealed number and a PIN hash always:
 * they live as long as the account).
 */
public final class KeyRing {
    /** What a key is for, and the secret it comes from. */
    public enum Purpose {
        PHONE_KEY(KeySecret.PHONE_HMAC, "the phone-key HMAC", null),
        NUMBER_SEALING(KeySecret.SEALING_KEYS, "number sealing", null),
        TEXT_SEALING(KeySecret.SEALING_KEYS, "text sealing", null),
        APPROVED_COMMAND_MAC(KeySecret.MESSAGE_MAC_KEYS, "the ApprovedCommand MAC", "ApprovedCommand"),
        OUTBOUND_SMS_MAC(KeySecret.MESSAGE_MAC_KEYS, "the OutboundSms MAC", "OutboundSms"),
        MESSAGE_FEEDBACK_MAC(KeySecret.MESSAGE_MAC_KEYS, "the MessageFeedback MAC", "MessageFeedback"),
        CODE_DIGEST(KeySecret.CODE_DIGEST, "code digests", null),
        PIN_PEPPER(KeySecret.PIN_PEPPER, "the PIN pepper", null);

        private final KeySecret secret;
        private final String description;
        private final String messageType;

        Purpose(KeySecret secret, String description, String messageType) {
            this.secret = secret;
            this.description = description;
            this.messageType = messageType;
        }

        public KeySecret secret() {
            return secret;
        }

        public String description() {
            return description;
        }

        /** The secrets a set of purposes comes from. */
        public static Set<KeySecret> secretsOf(Set<Purpose> purposes) {
            Set<KeySecret> secrets = EnumSet.noneOf(KeySecret.class);
            purposes.forEach(p -> secrets.add(p.secret));
            return secrets;
        }

        static Purpose ofMessageType(String type) {
            for (Purpose p : values()) {
                if (p.messageType != null && p.messageType.equals(type)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no message type " + type + " carries a MAC");
        }
    }

    /** The key id of the forms without one: keys derived from the phone-key secret, as before the split. */
    public static final String LEGACY_KEY_ID = "k0";
    private static final int MIN_SECRET_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] V1_SEAL_AAD = "smsgate/sealed-number/v1".getBytes(StandardCharsets.UTF_8);
    private static final String V1 = "v1.";
    private static final String V2 = "v2.";
    private static final String DIGEST = "d1.";
    private static final Pattern KEY_ID = Pattern.compile("k[1-9][0-9]{0,4}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Set<Purpose> purposes;
    private final boolean legacyAccepted;
    private final byte[] phoneKey;
    /** HKDF-Extract of the phone-key secret: the {@code k0} keys. Null without the phone-key secret. */
    private final byte[] legacyPrk;
    private final byte[] legacyDigestKey;
    private final byte[] legacyV1SealKey;
    private final Versions sealing;
    private final Versions macs;
    private final byte[] codeDigestKey;
    private final byte[] pinPepperKey;
    private final Map<String, SecretKeySpec> derived = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private KeyRing(Map<KeySecret, String> secrets, Set<Purpose> purposes, boolean legacyAccepted) {
        Set<Purpose> held = EnumSet.noneOf(Purpose.class);
        held.addAll(purposes);
        this.purposes = Collections.unmodifiableSet(held);
        this.legacyAccepted = legacyAccepted;
        Set<KeySecret> needed = Purpose.secretsOf(purposes);
        for (KeySecret secret : needed) {
            if (secrets.get(secret) == null) {
                throw new IllegalArgumentException("a key ring for " + describe(purposes) + " needs the secret " + secret.variable() + " names");
            }
        }
        String phone = needed.contains(KeySecret.PHONE_HMAC) ? requireLongEnough(secrets.get(KeySecret.PHONE_HMAC), KeySecret.PHONE_HMAC.variable()) : null;
        byte[] phoneBytes = phone == null ? null : phone.getBytes(StandardCharsets.UTF_8);
        this.phoneKey = phoneBytes == null ? null : Hkdf.hmac(phoneBytes, "smsgate/phone-key/v1");
        this.legacyPrk = phoneBytes == null ? null : Hkdf.extract(phoneBytes);
        this.legacyDigestKey = phoneBytes == null ? null : Hkdf.hmac(phoneBytes, "smsgate/digest/v1");
        this.legacyV1SealKey = phoneBytes == null ? null : Hkdf.hmac(phoneBytes, "smsgate/seal/v1");
        this.sealing = needed.contains(KeySecret.SEALING_KEYS) ? Versions.parse(secrets.get(KeySecret.SEALING_KEYS), KeySecret.SEALING_KEYS) : null;
        this.macs = needed.contains(KeySecret.MESSAGE_MAC_KEYS) ? Versions.parse(secrets.get(KeySecret.MESSAGE_MAC_KEYS), KeySecret.MESSAGE_MAC_KEYS) : null;
        this.codeDigestKey = needed.contains(KeySecret.CODE_DIGEST) ? keyOf(secrets, KeySecret.CODE_DIGEST, "smsgate/code-digest/v1") : null;
        this.pinPepperKey = needed.contains(KeySecret.PIN_PEPPER) ? keyOf(secrets, KeySecret.PIN_PEPPER, "smsgate/pin-pepper/v1") : null;
    }

    /** HKDF-SHA256 of an unversioned secret, for one purpose. */
    private static byte[] keyOf(Map<KeySecret, String> secrets, KeySecret secret, String info) {
        byte[] value = requireLongEnough(secrets.get(secret), secret.variable()).getBytes(StandardCharsets.UTF_8);
        return Hkdf.expand(Hkdf.extract(value), info);
    }

    /**
     * The ring of a function: the keys for {@code purposes}, from {@code secrets} (each secret's value by
     * {@link KeySecret}; the ones no purpose needs are not kept). {@code legacyAccepted}: whether the forms
     * without a key id (made before the split) still open and verify in messages and verifications.
     */
    public static KeyRing fromParts(Map<KeySecret, String> secrets, Set<Purpose> purposes, boolean legacyAccepted) {
        return new KeyRing(secrets, purposes, legacyAccepted);
    }

    /**
     * The development and test ring: every purpose, from the secrets {@link KeySecret#developmentValues}
     * derives from one string (so it holds the keys a local stack's functions read from its secrets), legacy
     * forms accepted. Production wiring reads the per-purpose secrets instead ({@code Platform}).
     */
    public static KeyRing fromSecret(String secret) {
        return new KeyRing(KeySecret.developmentValues(secret), EnumSet.allOf(Purpose.class), true);
    }

    static String requireLongEnough(String secret, String what) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(what + ": a secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        return secret;
    }

    /** Whether this ring holds the key for {@code purpose}. */
    public boolean holds(Purpose purpose) {
        return purposes.contains(purpose);
    }

    /** The purposes this ring holds. */
    public Set<Purpose> purposes() {
        return purposes;
    }

    /**
     * Fails, naming what is missing, unless this ring holds every one of {@code needed}: for the wiring,
     * so a function built without a key it uses fails at start rather than on the first message.
     */
    public KeyRing require(String user, Purpose... needed) {
        Set<Purpose> missing = EnumSet.noneOf(Purpose.class);
        for (Purpose p : needed) {
            if (!purposes.contains(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw missing(missing, user);
        }
        return this;
    }

    private void need(Purpose p) {
        if (!purposes.contains(p)) {
            throw missing(EnumSet.of(p), "this use");
        }
    }

    private IllegalStateException missing(Set<Purpose> missing, String user) {
        return new IllegalStateException(user + " needs " + describe(missing) + " (from "
                + Purpose.secretsOf(missing).stream().map(KeySecret::variable).collect(Collectors.joining(", "))
                + "), but this function's key ring holds only " + describe(purposes)
                + ": add the purpose to the function's wiring and the secret to its environment and IAM policy");
    }

    private static String describe(Set<Purpose> purposes) {
        return purposes.isEmpty() ? "no keys" : purposes.stream().map(Purpose::description).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "KeyRing[" + describe(purposes) + "]";
    }

    /** The table key for a number: the same number always gives the same key. */
    public String phoneKey(PhoneNumber number) {
        need(Purpose.PHONE_KEY);
        return B64.encodeToString(Hkdf.hmac(phoneKey, number.e164()));
    }

    // ------------------------------------------------------------------ sealed numbers

    /** The number sealed ({@code v2.<id>.}) for the message or item {@code context} names, with its phone key. */
    public SealedNumber seal(PhoneNumber number, SealContext context) {
        need(Purpose.NUMBER_SEALING);
        String id = sealing.current;
        byte[] sealed = encrypt(sealKey(Purpose.NUMBER_SEALING, id), context.additionalData("number"), number.e164());
        return new SealedNumber(phoneKey(number), V2 + id + "." + B64.encodeToString(sealed));
    }

    /**
     * Decrypts a sealed number bound to {@code context} and checks it against its key; a forged,
     * mixed-up or copied seal is refused, and so is one of a key id this ring does not hold
     * ({@link UnknownKeyException}). A {@code v1.} seal opens only where {@code context} still accepts one
     * ({@link SealContext#acceptsV1}) and only while legacy forms are accepted.
     */
    public PhoneNumber open(SealedNumber sealed, SealContext context) {
        need(Purpose.NUMBER_SEALING);
        String value = sealed.sealed();
        String e164;
        if (value != null && value.startsWith(V2)) {
            KeyedValue keyed = keyed(value.substring(V2.length()), "sealed number", legacyAccepted || context.acceptsLegacyKey());
            e164 = decrypt(sealKey(Purpose.NUMBER_SEALING, keyed.id, "sealed number"), context.additionalData("number"), keyed.body, "sealed number");
        } else if (value != null && value.startsWith(V1) && context.acceptsV1() && legacyAccepted && legacyV1SealKey != null) {
            e164 = decrypt(new SecretKeySpec(legacyV1SealKey, "AES"), V1_SEAL_AAD, value.substring(V1.length()), "sealed number");
        } else {
            throw new TamperedException("sealed number of an unknown or retired version");
        }
        PhoneNumber number;
        try {
            number = PhoneNumbers.trusted(e164);
        } catch (IllegalArgumentException e) {
            throw new TamperedException("sealed number cannot be opened");
        }
        if (!MessageDigest.isEqual(phoneKey(number).getBytes(StandardCharsets.US_ASCII),
                sealed.key().getBytes(StandardCharsets.US_ASCII))) {
            throw new TamperedException("sealed number does not match its key");
        }
        return number;
    }

    /** A number sealed for one message, sealed again for another (a reply to a text's sender, say). */
    public SealedNumber reseal(SealedNumber sealed, SealContext from, SealContext to) {
        return seal(open(sealed, from), to);
    }

    // ------------------------------------------------------------------ sealed texts

    /** A text's body sealed ({@code v2.<id>.}) for the message {@code context} names; null stays null. */
    public String sealText(String text, SealContext context) {
        need(Purpose.TEXT_SEALING);
        if (text == null) {
            return null;
        }
        String id = sealing.current;
        return V2 + id + "." + B64.encodeToString(encrypt(sealKey(Purpose.TEXT_SEALING, id), context.additionalData("text"), text));
    }

    /** The body of a sealed text bound to {@code context}; null stays null; anything else that does not open is refused. */
    public String openText(String sealed, SealContext context) {
        need(Purpose.TEXT_SEALING);
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(V2)) {
            throw new TamperedException("sealed text of an unknown version");
        }
        KeyedValue keyed = keyed(sealed.substring(V2.length()), "sealed text", legacyAccepted);
        return decrypt(sealKey(Purpose.TEXT_SEALING, keyed.id, "sealed text"), context.additionalData("text"), keyed.body, "sealed text");
    }

    private SecretKeySpec sealKey(Purpose purpose, String id) {
        return sealKey(purpose, id, purpose.description);
    }

    private SecretKeySpec sealKey(Purpose purpose, String id, String what) {
        String info = purpose == Purpose.NUMBER_SEALING ? "smsgate/seal-number/v2" : "smsgate/seal-text/v2";
        SecretKeySpec key = key(sealing, id, purpose.name(), info, "AES");
        if (key == null) {
            throw new UnknownKeyException(what + " of key " + id + ", which " + KeySecret.SEALING_KEYS.variable() + " does not hold", id);
        }
        return key;
    }

    // ------------------------------------------------------------------ message MACs

    /** The MAC ({@code v1.<id>.}) of a message of {@code type} over its canonical form ({@link CanonicalJson}). */
    public String mac(String type, String canonical) {
        Purpose purpose = Purpose.ofMessageType(type);
        need(purpose);
        String id = macs.current;
        return V1 + id + "." + B64.encodeToString(Hkdf.hmac(macKey(type, id).getEncoded(), canonical));
    }

    /** What a message's {@code mac} field says about it. */
    public enum MacCheck {
        VALID,
        /** No {@code mac} field, or not a string. */
        MISSING,
        /** A {@code mac} of a version this build does not know. */
        UNKNOWN_VERSION,
        /** A {@code mac} made with a key id the secret does not hold (retired, or from before the split once legacy forms are refused). */
        UNKNOWN_KEY,
        /** Made with another key (another type's, another deployment's), or the message was altered. */
        INVALID
    }

    /** Checks {@code mac} against the message's canonical form, in constant time. */
    public MacCheck checkMac(String type, String canonical, String mac) {
        Purpose purpose = Purpose.ofMessageType(type);
        need(purpose);
        if (mac == null || mac.isEmpty()) {
            return MacCheck.MISSING;
        }
        if (!mac.startsWith(V1)) {
            return MacCheck.UNKNOWN_VERSION;
        }
        String rest = mac.substring(V1.length());
        int dot = rest.indexOf('.');
        String id = dot < 0 ? LEGACY_KEY_ID : rest.substring(0, dot);
        String body = dot < 0 ? rest : rest.substring(dot + 1);
        if (dot >= 0 && !KEY_ID.matcher(id).matches()) {
            return MacCheck.INVALID;
        }
        if (dot < 0 && !legacyAccepted) {
            return MacCheck.UNKNOWN_KEY;
        }
        SecretKeySpec key = macKey(type, id);
        if (key == null) {
            return MacCheck.UNKNOWN_KEY;
        }
        byte[] expected = B64.encodeToString(Hkdf.hmac(key.getEncoded(), canonical)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, body.getBytes(StandardCharsets.US_ASCII)) ? MacCheck.VALID : MacCheck.INVALID;
    }

    private SecretKeySpec macKey(String type, String id) {
        return key(macs, id, "mac/" + type, "smsgate/mac/" + type + "/v1", Hkdf.HMAC);
    }

    // ------------------------------------------------------------------ digests

    /** HMAC ({@code d1.}) of a short secret (a code, a session) bound to a purpose and a context such as a verification id. */
    public String digest(String purpose, String context, String secretValue) {
        need(Purpose.CODE_DIGEST);
        return DIGEST + B64.encodeToString(Hkdf.hmac(codeDigestKey, purpose + '\u0000' + context + '\u0000' + secretValue));
    }

    /**
     * Constant-time comparison of a candidate against a stored digest: a {@code d1.} one with the code-digest
     * key, one without a prefix (made before the split) with the legacy key while legacy forms are accepted.
     */
    public boolean matches(String purpose, String context, String candidate, String storedDigest) {
        need(Purpose.CODE_DIGEST);
        if (storedDigest == null) {
            return false;
        }
        boolean legacy = !storedDigest.startsWith(DIGEST);
        byte[] key = legacy && legacyAccepted && legacyDigestKey != null && storedDigest.indexOf('.') < 0 ? legacyDigestKey : codeDigestKey;
        String stored = legacy ? storedDigest : storedDigest.substring(DIGEST.length());
        byte[] actual = B64.encodeToString(Hkdf.hmac(key, purpose + '\u0000' + context + '\u0000' + candidate)).getBytes(StandardCharsets.US_ASCII);
        boolean equal = MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), actual);
        return equal && (!legacy || key == legacyDigestKey);
    }

    // ------------------------------------------------------------------ PIN pepper

    /** The PIN peppered with the PIN-pepper secret's key, for {@link PinHasher} ({@code p1} hashes). */
    String pinPepper(String pin) {
        need(Purpose.PIN_PEPPER);
        return B64.encodeToString(Hkdf.hmac(pinPepperKey, "pin-pepper\u0000\u0000" + pin));
    }

    /**
     * The PIN peppered as before the split (the digest key derived from the phone-key secret), for PIN
     * hashes without a pepper id: they live as long as the account, so this never expires.
     */
    String legacyPinPepper(String pin) {
        need(Purpose.PIN_PEPPER);
        need(Purpose.PHONE_KEY);
        return B64.encodeToString(Hkdf.hmac(legacyDigestKey, "pin-pepper\u0000\u0000" + pin));
    }

    // ------------------------------------------------------------------ key ids

    private record KeyedValue(String id, String body) {
    }

    /** Splits {@code <id>.<body>}, or a body without an id (the legacy key {@code k0}, when {@code legacyOk}). */
    private static KeyedValue keyed(String value, String what, boolean legacyOk) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            if (!legacyOk) {
                throw new UnknownKeyException(what + " without a key id (made before the key split), no longer accepted", LEGACY_KEY_ID);
            }
            return new KeyedValue(LEGACY_KEY_ID, value);
        }
        String id = value.substring(0, dot);
        if (!KEY_ID.matcher(id).matches()) {
            throw new TamperedException(what + " with a malformed key id");
        }
        return new KeyedValue(id, value.substring(dot + 1));
    }

    /** The key of {@code info} for key id {@code id} of a versioned secret ({@code k0}: from the phone-key secret); null when not held. */
    private SecretKeySpec key(Versions versions, String id, String cacheName, String info, String algorithm) {
        byte[] prk = LEGACY_KEY_ID.equals(id) ? legacyPrk : versions.prks.get(id);
        if (prk == null) {
            return null;
        }
        return derived.computeIfAbsent(cacheName + "|" + id, k -> new SecretKeySpec(Hkdf.expand(prk, info), algorithm));
    }

    /** A versioned secret: {@code {"current":"k2","k1":"…","k2":"…"}}, as key ids to pseudo-random keys. */
    private record Versions(String current, Map<String, byte[]> prks) {
        static Versions parse(String json, KeySecret secret) {
            String shape = secret.variable() + " must name a JSON object {\"current\":\"k1\",\"k1\":\"<at least "
                    + MIN_SECRET_LENGTH + " characters>\"}";
            JsonNode node;
            try {
                node = Json.mapper().readTree(json);
            } catch (Exception e) {
                throw new IllegalArgumentException(shape + " (it is not JSON)");
            }
            if (node == null || !node.isObject() || !node.path("current").isTextual()) {
                throw new IllegalArgumentException(shape + " (no \"current\")");
            }
            String current = node.path("current").asText();
            Map<String, byte[]> prks = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("current")) {
                    continue;
                }
                if (!KEY_ID.matcher(field.getKey()).matches()) {
                    throw new IllegalArgumentException(shape + " (key ids are k1, k2, …; k0 is the legacy key)");
                }
                if (!field.getValue().isTextual() || field.getValue().asText().length() < MIN_SECRET_LENGTH) {
                    throw new IllegalArgumentException(shape + " (key " + field.getKey() + " is too short)");
                }
                prks.put(field.getKey(), Hkdf.extract(field.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
            if (!prks.containsKey(current)) {
                throw new IllegalArgumentException(shape + " (the current key " + current + " is not in it)");
            }
            return new Versions(current, Map.copyOf(prks));
        }
    }

    // ------------------------------------------------------------------ primitives

    private byte[] encrypt(SecretKeySpec key, byte[] aad, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static String decrypt(SecretKeySpec key, byte[] aad, String encoded, String what) {
        try {
            byte[] in = B64D.decode(encoded);
            if (in.length <= NONCE_BYTES) {
                throw new TamperedException(what + " too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new TamperedException(what + " cannot be opened");
        }
    }

    /** A sealed value that was not made with this deployment's secret, for this message, or was altered. */
    public static class TamperedException extends RuntimeException {
        public TamperedException(String message) {
            super(message, null, false, false);
        }
    }

    /** A sealed value made with a key id this ring does not hold: retired after a rotation, or a legacy form no longer accepted. */
    public static final class UnknownKeyException extends TamperedException {
        private final String keyId;

        UnknownKeyException(String message, String keyId) {
            super(message);
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }
    }
}
