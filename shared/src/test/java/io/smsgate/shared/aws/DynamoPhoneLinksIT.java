package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.shared.security.SealContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.port.PhoneLinks.SettingsChange;
import io.smsgate.shared.security.KeyRing;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class DynamoPhoneLinksIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    private static final PhoneNumber ALICE_PHONE = PhoneNumbers.parse("+447700900123", true).orElseThrow();
    private static final PhoneNumber NEW_PHONE = PhoneNumbers.parse("+447400123456").orElseThrow();

    private Stack stack;
    private DynamoPhoneLinks links;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
    }

    @Test
    void aNewLinkStartsWithPostingOffAndIsFoundByNumberAndAccount() {
        PhoneLinks.Linked linked = links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        PhoneLink link = linked.link();
        assertThat(linked.unchanged()).isFalse();
        assertThat(linked.replaced()).isEmpty();
        assertThat(link.smsPosting()).isFalse();
        assertThat(link.hasPin()).isFalse();
        assertThat(links.find(KEYS.phoneKey(ALICE_PHONE))).contains(link);
        assertThat(links.findByAccount("alice")).contains(link);
        assertThat(links.findByAccount("bob")).isEmpty();
        assertThat(stack.scan("PhoneLinksTable").getFirst().get("dataClass").s()).isEqualTo("SECURITY");
    }

    @Test
    void theNumberIsKeptOnlySealedToItsLink() {
        links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        var item = stack.scan("PhoneLinksTable").getFirst();
        assertThat(item).doesNotContainKey("e164");
        assertThat(item.toString()).doesNotContain(ALICE_PHONE.e164().substring(3));
        PhoneLink link = links.find(KEYS.phoneKey(ALICE_PHONE)).orElseThrow();
        assertThat(KEYS.open(link.number().orElseThrow(), SealContext.link(link.phoneKey()))).isEqualTo(ALICE_PHONE);
        assertThat(link.toString()).doesNotContain(ALICE_PHONE.e164().substring(3));
        // Copied into another link (or a message), it does not open.
        assertThatThrownBy(() -> KEYS.open(link.number().orElseThrow(), SealContext.link(KEYS.phoneKey(NEW_PHONE))))
                .isInstanceOf(KeyRing.TamperedException.class);
    }

    private static String sealed(PhoneNumber number) {
        return KEYS.seal(number, SealContext.link(KEYS.phoneKey(number))).sealed();
    }

    @Test
    void aPhoneChangeReplacesTheAccountsLinkAndStartsOver() {
        links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        links.updateSettings("alice", new SettingsChange(true, "hash", null), T0);

        PhoneLinks.Linked linked = links.link(KEYS.phoneKey(NEW_PHONE), "alice", sealed(NEW_PHONE), "GB", T0.plusSeconds(60));
        PhoneLink moved = linked.link();

        assertThat(linked.replaced()).as("the account's previous number, as it was").singleElement().satisfies(previous -> {
            assertThat(KEYS.open(previous.number().orElseThrow(), SealContext.link(previous.phoneKey()))).isEqualTo(ALICE_PHONE);
            assertThat(previous.accountId()).isEqualTo("alice");
            assertThat(previous.smsPosting()).isTrue();
        });
        assertThat(links.find(KEYS.phoneKey(ALICE_PHONE))).isEmpty();
        assertThat(links.findByAccount("alice")).contains(moved);
        assertThat(moved.smsPosting()).isFalse();
        assertThat(moved.hasPin()).isFalse();
        assertThat(stack.scan("PhoneLinksTable")).hasSize(1);
    }

    @Test
    void aNumberVerifiedByAnotherAccountMovesToIt() {
        links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        PhoneLinks.Linked linked = links.link(KEYS.phoneKey(ALICE_PHONE), "bob", sealed(ALICE_PHONE), "GB", T0.plusSeconds(60));
        assertThat(linked.replaced()).as("the number's previous account").extracting(PhoneLink::accountId).containsExactly("alice");
        assertThat(links.findByAccount("alice")).isEmpty();
        assertThat(links.find(KEYS.phoneKey(ALICE_PHONE))).get().extracting(PhoneLink::accountId).isEqualTo("bob");
    }

    @Test
    void linkingANumberToTheAccountItIsLinkedToAlreadyKeepsTheLinkAsItIs() {
        links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        PhoneLink armed = links.updateSettings("alice", new SettingsChange(true, "pbkdf2-sha256$1$a$b", true), T0).orElseThrow();

        PhoneLinks.Linked again = links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0.plusSeconds(600));

        assertThat(again.unchanged()).isTrue();
        assertThat(again.replaced()).isEmpty();
        assertThat(again.link()).isEqualTo(armed);
        assertThat(links.find(KEYS.phoneKey(ALICE_PHONE))).contains(armed);
        assertThat(armed.linkedAt()).as("the cooling-off is not restarted either").isEqualTo(T0);
    }

    @Test
    void settingsTurnPostingOnSetAPinAndConfirmations() {
        links.link(KEYS.phoneKey(ALICE_PHONE), "alice", sealed(ALICE_PHONE), "GB", T0);
        PhoneLink on = links.updateSettings("alice", new SettingsChange(true, "pbkdf2-sha256$1$a$b", true), T0).orElseThrow();
        assertThat(on.smsPosting()).isTrue();
        assertThat(on.pinHash()).isEqualTo("pbkdf2-sha256$1$a$b");
        assertThat(on.confirmPosts()).isTrue();

        PhoneLink off = links.updateSettings("alice", new SettingsChange(false, null, null), T0).orElseThrow();
        assertThat(off.smsPosting()).isFalse();
        assertThat(off.pinHash()).as("kept").isEqualTo("pbkdf2-sha256$1$a$b");
        assertThat(off.confirmPosts()).as("kept").isTrue();

        assertThat(links.updateSettings("nobody", new SettingsChange(true, null, null), T0)).isEmpty();
    }

    @Test
    void theFifthReservedGuessInARowLocksUntilPostingIsTurnedOnAgain() {
        String key = KEYS.phoneKey(ALICE_PHONE);
        links.link(key, "alice", sealed(ALICE_PHONE), "GB", T0);
        links.updateSettings("alice", new SettingsChange(true, "h", null), T0);

        for (int i = 1; i <= 4; i++) {
            assertThat(links.reserveGuess(key, "g-" + i, 5)).hasValueSatisfying(l -> assertThat(l.locked()).isFalse());
            assertThat(links.lockIfSpent(key, 5, T0).locked()).isFalse();
        }
        links.endGuessRun(key);
        assertThat(links.find(key).orElseThrow().pinFailures()).isZero();
        for (int i = 1; i <= 5; i++) {
            assertThat(links.reserveGuess(key, "h-" + i, 5)).isPresent();
        }
        assertThat(links.reserveGuess(key, "h-6", 5)).as("the run is spent: a sixth guess is not even reserved").isEmpty();
        assertThat(links.reserveGuess(key, "h-5", 5)).as("a redelivered guess is counted once").hasValueSatisfying(
                l -> assertThat(l.pinFailures()).isEqualTo(5));
        PhoneLink locked = links.lockIfSpent(key, 5, T0.plusSeconds(5));
        assertThat(locked.locked()).isTrue();
        assertThat(locked.smsPosting()).isFalse();
        assertThat(locked.pinFailures()).isEqualTo(5);
        assertThat(links.reserveGuess(key, "h-5", 5)).as("locked: nothing is reserved").isEmpty();

        PhoneLink reenabled = links.updateSettings("alice", new SettingsChange(true, null, null), T0.plusSeconds(60)).orElseThrow();
        assertThat(reenabled.locked()).isFalse();
        assertThat(reenabled.pinFailures()).isZero();
        assertThat(reenabled.smsPosting()).isTrue();
        assertThat(reenabled.armedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aSettingsWriteDecidedFromAnOlderStateDoesNotPass() {
        String key = KEYS.phoneKey(ALICE_PHONE);
        links.link(key, "alice", sealed(ALICE_PHONE), "GB", T0);
        PhoneLink read = links.updateSettings("alice", new SettingsChange(true, "h1", null), T0).orElseThrow();

        assertThat(links.updateSettings(read, new SettingsChange(true, "h2", false, null, true, false, true), T0.plusSeconds(1)))
                .hasValueSatisfying(l -> assertThat(l.pinHash()).isEqualTo("h2"));
        assertThat(links.updateSettings(read, new SettingsChange(true, "h3", false, null, true, false, true), T0.plusSeconds(2)))
                .as("decided from the PIN h1, which is gone").isEmpty();
        assertThat(links.find(key).orElseThrow().pinHash()).isEqualTo("h2");
    }

    @Test
    void disarmingTurnsPostingOffAndKeepsThePin() {
        String key = KEYS.phoneKey(ALICE_PHONE);
        links.link(key, "alice", sealed(ALICE_PHONE), "GB", T0);
        links.updateSettings("alice", new SettingsChange(true, "h", null), T0);
        links.disarm(key, T0.plusSeconds(1));
        PhoneLink after = links.find(key).orElseThrow();
        assertThat(after.smsPosting()).isFalse();
        assertThat(after.pinHash()).isEqualTo("h");
        assertThat(after.armedAt()).isEqualTo(T0);
    }
}
