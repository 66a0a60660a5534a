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
