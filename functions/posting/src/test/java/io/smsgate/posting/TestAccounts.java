package io.smsgate.posting;

import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.PhoneLinks.SettingsChange;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.security.PinHasher;
import java.time.Instant;

/**
 * Accounts as the verification API (issue 5) leaves them, made directly through DynamoPhoneLinks and
 * PinHasher: the sample sender +447700900123 linked to {@code alice}, SMS posting on or off, a PIN or
 * none. And approved commands as CountryPolicyFunction (issue 4) publishes them.
 */
final class TestAccounts {
    static final String SENDER = "+447700900123";
    /** What must never appear outside PhoneLinksTable: the national digits of the sender. */
    static final String SENDER_DIGITS = "7700900123";
    /** Eight digits, so it cannot turn up by chance in a timestamp or an id in a log line. */
    static final String PIN = "73915284";
    static final String ACCOUNT = "alice";
    static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    static final PhoneNumber NUMBER = PhoneNumbers.parse(SENDER, true).orElseThrow();
    static final String PHONE_KEY = KEYS.phoneKey(NUMBER);
    /** The real cost (100,000 PBKDF2 iterations), computed once per test JVM. */
    static final String PIN_HASH = new PinHasher(KEYS, PinHasher.DEFAULT_ITERATIONS).hash(PIN);

    /**
     * {@link #PIN} as a hash made before the key split: {@code pbkdf2-sha256$iterations$salt$hash}, peppered
     * with HMAC(HMAC(phone-key secret, "smsgate/digest/v1"), "pin-pepper\0\0" + PIN), written out here
     * independently of PinHasher so the old format stays pinned.
     */
    static final String LEGACY_PIN_HASH = legacyHash(PIN, 1_000);

    private final DynamoPhoneLinks links;

    TestAccounts(Stack stack) {
        this.links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
    }

    DynamoPhoneLinks links() {
        return links;
    }

    /** Linked at {@code linkedAt}, SMS posting still off (as every new link starts). */
    PhoneLink linked(Instant linkedAt) {
        return links.link(PHONE_KEY, ACCOUNT, KEYS.seal(NUMBER, SealContext.link(PHONE_KEY)).sealed(), NUMBER.country().value(), linkedAt).link();
    }

    /** Linked at {@code linkedAt}, SMS posting turned on with the PIN (and confirmations as given). */
    PhoneLink postingWithPin(Instant linkedAt, boolean confirmPosts) {
        linked(linkedAt);
        return links.updateSettings(ACCOUNT, new SettingsChange(true, PIN_HASH, confirmPosts), linkedAt).orElseThrow();
    }

    /** As {@link #postingWithPin}, with the PIN's hash from before the key split. */
    PhoneLink postingWithLegacyPin(Instant linkedAt) {
        return postingWithPinHash(linkedAt, LEGACY_PIN_HASH);
    }

    /** As {@link #postingWithPin}, with {@code pinHash} stored as the PIN's hash (a damaged one, say). */
    PhoneLink postingWithPinHash(Instant linkedAt, String pinHash) {
        linked(linkedAt);
        return links.updateSettings(ACCOUNT, new SettingsChange(true, pinHash, false), linkedAt).orElseThrow();
    }

    private static String legacyHash(String pin, int iterations) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Stack.DEVELOPMENT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digestKey = mac.doFinal("smsgate/digest/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.init(new javax.crypto.spec.SecretKeySpec(digestKey, "HmacSHA256"));
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String pepper = b64.encodeToString(mac.doFinal(("pin-pepper\u0000\u0000" + pin).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(pepper.toCharArray(), salt, iterations, 256)).getEncoded();
            return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    PhoneLink postingWithoutPin(Instant linkedAt) {
        linked(linkedAt);
        return links.updateSettings(ACCOUNT, new SettingsChange(true, null, false), linkedAt).orElseThrow();
    }

    PhoneLink settings(boolean smsPosting, Instant at) {
        return links.updateSettings(ACCOUNT, new SettingsChange(smsPosting, null, null), at).orElseThrow();
    }

    PhoneLink link() {
        return links.find(PHONE_KEY).orElseThrow();
    }

    /** The command as CountryPolicyFunction publishes it: with its MAC. */
    static String signed(ApprovedCommand command) {
        return new MessageSigner(KEYS).write(command);
    }

    static ApprovedCommand post(String id, String text, Instant receivedAt) {
        return command(id, CommandName.POST, text, receivedAt, PostingAuth.PIN, 10);
    }

    static ApprovedCommand undo(String id, Instant receivedAt) {
        return command(id, CommandName.UNDO, null, receivedAt, PostingAuth.PIN, 10);
    }

    static ApprovedCommand command(String id, CommandName name, String text, Instant receivedAt, PostingAuth auth, int perHour) {
        SealContext context = SealContext.inbound(id);
        return new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, id, name, "GB", KEYS.seal(NUMBER, context),
                "+12065550100", KEYS.sealText(text, context), receivedAt, "GB", auth, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, perHour, receivedAt.plusMillis(200));
    }
}
