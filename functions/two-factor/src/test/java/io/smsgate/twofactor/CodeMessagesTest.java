package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CodeMessagesTest {
    /** GSM 03.38 basic character set (the escape-table characters count double and are avoided). */
    private static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String LONGEST_DOMAIN = "a".repeat(29) + ".example.com"; // 40 characters

    @Test
    void everyTextIsOneGsm7SmsEvenWithAFortyCharacterWebOtpDomain() {
        CodeMessages messages = new CodeMessages("smsgate", LONGEST_DOMAIN);
        for (String language : CodeMessages.languages()) {
            for (VerificationPurpose purpose : VerificationPurpose.values()) {
                String text = messages.text(purpose, language, "123456", Duration.ofMinutes(10));
                assertThat(text.chars()).as(language + " " + purpose).allMatch(c -> GSM7.indexOf(c) >= 0);
                assertThat(text.length()).as(language + " " + purpose + ": " + text).isLessThanOrEqualTo(160);
                assertThat(text).contains("123456").endsWith("\n\n@" + LONGEST_DOMAIN + " #123456");
            }
        }
    }

    @Test
    void theLanguageComesFromTheLocaleWithEnglishAsTheFallback() {
        assertThat(CodeMessages.language("fr-CA")).isEqualTo("fr");
        assertThat(CodeMessages.language("ES_419")).isEqualTo("es");
        assertThat(CodeMessages.language("nl-BE")).isEqualTo("en");
        assertThat(CodeMessages.language(null)).isEqualTo("en");
        assertThat(CodeMessages.language("")).isEqualTo("en");
    }

    @Test
    void withoutADomainThereIsNoWebOtpLineAndTheMinutesLeftAreRoundedUp() {
        CodeMessages messages = new CodeMessages("smsgate", "");
        assertThat(messages.text(VerificationPurpose.LOGIN, "en", "042137", Duration.ofSeconds(121)))
                .isEqualTo("smsgate: your login code is 042137. It expires in 3 minutes. Never share it with anyone.");
        assertThat(messages.text(VerificationPurpose.LINK_PHONE, "es", "042137", Duration.ofSeconds(20)))
                .isEqualTo("smsgate: tu codigo para vincular este telefono a tu cuenta es 042137. Caduca en 1 minutos.");
    }
}
