package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.DevelopmentKeys;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.security.ApprovedCommandReader;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.KeySecret;
import io.smsgate.shared.security.PinHasher;
import io.smsgate.shared.security.SealContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Platform builds the key ring from the secrets a function's template environment names, in the local
 * stack's Secrets Manager: each function holds its own keys, they are the keys the local tools sign with
 * ({@code KeyRing.fromSecret(DEVELOPMENT_SECRET)}), and a purpose not given fails at wiring, naming it.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PlatformKeysIT {
    private static final KeyRing TOOLS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    private static final SealContext M1 = SealContext.inbound("m-1");
    private final PhoneNumber number = PhoneNumbers.parse("+447700900123", true).orElseThrow();

    @Test
    void aFunctionsRingFromItsOwnSecretsHoldsTheKeysTheLocalToolsSignWith(Stack stack) {
        Platform sendSms = Platform.from(new Environment(stack.functionEnvironment("SendSmsFunction")), "SendSmsFunction",
                KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING, KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.CODE_DIGEST);
        KeyRing keys = sendSms.keys();
        assertThat(keys.phoneKey(number)).isEqualTo(TOOLS.phoneKey(number));
        assertThat(keys.open(TOOLS.seal(number, M1), M1)).isEqualTo(number);
        assertThat(TOOLS.open(keys.seal(number, M1), M1)).isEqualTo(number);
        assertThat(keys.mac("OutboundSms", "{}")).isEqualTo(TOOLS.mac("OutboundSms", "{}"));
        assertThat(keys.digest("code", "v-1", "123456")).isEqualTo(TOOLS.digest("code", "v-1", "123456"));

        Platform posting = Platform.from(new Environment(stack.functionEnvironment("PostingFunction")), "PostingFunction",
                KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING, KeyRing.Purpose.TEXT_SEALING,
                KeyRing.Purpose.APPROVED_COMMAND_MAC, KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.PIN_PEPPER);
        assertThat(posting.keys().openText(TOOLS.sealText("4821 hello", M1), M1)).isEqualTo("4821 hello");
        assertThat(new PinHasher(posting.keys(), 10_000).matches("4821", new PinHasher(TOOLS, 10_000).hash("4821"))).isTrue();
    }

    @Test
    void eachFunctionsEnvironmentNamesItsOwnSecretsAsSamEnvPrintsThem(Stack stack) {
        // What `smsgate sam-env` writes for each function is Stack.functionEnvironment.
        Map<String, java.util.Set<String>> expected = Map.of(
                "InboundSmsFunction", java.util.Set.of("PHONE_HMAC_SECRET_ARN", "SEALING_KEYS_SECRET_ARN", "MESSAGE_MAC_KEYS_SECRET_ARN"),
                "PostingFunction", java.util.Set.of("PHONE_HMAC_SECRET_ARN", "SEALING_KEYS_SECRET_ARN", "MESSAGE_MAC_KEYS_SECRET_ARN",
                        "PIN_PEPPER_SECRET_ARN"),
                "SendSmsFunction", java.util.Set.of("PHONE_HMAC_SECRET_ARN", "SEALING_KEYS_SECRET_ARN", "MESSAGE_MAC_KEYS_SECRET_ARN",
                        "CODE_DIGEST_SECRET_ARN"),
                "DeliveryReceiptFunction", java.util.Set.of());
        expected.forEach((function, variables) -> {
            Map<String, String> env = stack.functionEnvironment(function);
            assertThat(env.keySet().stream().filter(k -> k.endsWith("_SECRET_ARN") && !k.startsWith("SIM_SWAP")))
                    .as(function).containsExactlyInAnyOrderElementsOf(variables);
            // local/parameters.json: the committed sample events were sealed before the key split.
            assertThat(env).as(function).containsEntry(Platform.LEGACY_KEY_FORMS, "accepted");
        });
    }

    @Test
    void aFunctionWithoutTheTextSealingKeyCannotOpenASealedTextAndFailsAtWiring(Stack stack) {
        KeyRing sendSms = Platform.from(new Environment(stack.functionEnvironment("SendSmsFunction")), "SendSmsFunction",
                KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING, KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.CODE_DIGEST).keys();
        String sealedText = TOOLS.sealText("4821 hello", M1);
        assertThatThrownBy(() -> new ApprovedCommandReader(sendSms)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reading ApprovedCommand needs").hasMessageContaining("text sealing");
        assertThatThrownBy(() -> sendSms.openText(sealedText, M1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("text sealing");
        assertThatThrownBy(() -> new PinHasher(sendSms, 10_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PIN_PEPPER_SECRET_ARN");
    }

    @Test
    void aSecretTheFunctionsEnvironmentDoesNotNameFailsAtWiringNamingTheVariable(Stack stack) {
        // DeliveryReceiptFunction's environment names no secret: asked for the phone key, it says which variable is missing.
        Environment receipts = new Environment(stack.functionEnvironment("DeliveryReceiptFunction"));
        assertThat(Platform.withoutKeys(receipts, "DeliveryReceiptFunction").keys().purposes()).isEmpty();
        assertThatThrownBy(() -> Platform.from(receipts, "DeliveryReceiptFunction", KeyRing.Purpose.PHONE_KEY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DeliveryReceiptFunction")
                .hasMessageContaining("PHONE_HMAC_SECRET_ARN");
        // InboundSmsFunction is not given the PIN pepper.
        Environment inbound = new Environment(stack.functionEnvironment("InboundSmsFunction"));
        assertThatThrownBy(() -> Platform.from(inbound, "InboundSmsFunction", KeyRing.Purpose.PIN_PEPPER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PIN_PEPPER_SECRET_ARN");
    }

    @Test
    void legacyFormsAreAcceptedUntilTheStackSaysRefused(Stack stack) {
        Map<String, String> env = new HashMap<>(stack.functionEnvironment("SendSmsFunction"));
        String legacyMac = "v1.AAAA";
        env.put(Platform.LEGACY_KEY_FORMS, "refused");
        KeyRing refusing = Platform.from(new Environment(env), "SendSmsFunction", KeyRing.Purpose.OUTBOUND_SMS_MAC).keys();
        assertThat(refusing.checkMac("OutboundSms", "{}", legacyMac)).isEqualTo(KeyRing.MacCheck.UNKNOWN_KEY);
        env.put(Platform.LEGACY_KEY_FORMS, "accepted");
        KeyRing accepting = Platform.from(new Environment(env), "SendSmsFunction", KeyRing.Purpose.PHONE_KEY,
                KeyRing.Purpose.OUTBOUND_SMS_MAC).keys();
        assertThat(accepting.checkMac("OutboundSms", "{}", legacyMac)).as("checked with the k0 key, and wrong").isEqualTo(KeyRing.MacCheck.INVALID);
        env.put(Platform.LEGACY_KEY_FORMS, "maybe");
        assertThatThrownBy(() -> Platform.from(new Environment(env), "SendSmsFunction")).hasMessageContaining("LEGACY_KEY_FORMS");
    }

    @Test
    void theLocalStacksSecretsAreTheDevelopmentValuesSharedDerives() {
        Map<KeySecret, String> expected = KeySecret.developmentValues(Stack.DEVELOPMENT_SECRET);
        Map<String, KeySecret> byLogicalId = Map.of("PhoneHmacSecret", KeySecret.PHONE_HMAC, "SealingKeysSecret", KeySecret.SEALING_KEYS,
                "MessageMacKeysSecret", KeySecret.MESSAGE_MAC_KEYS, "CodeDigestSecret", KeySecret.CODE_DIGEST, "PinPepperSecret", KeySecret.PIN_PEPPER);
        assertThat(DevelopmentKeys.logicalIds()).containsExactlyInAnyOrderElementsOf(byLogicalId.keySet());
        byLogicalId.forEach((id, secret) -> assertThat(DevelopmentKeys.secretValue(id)).as(id).isEqualTo(expected.get(secret)));
    }
}
