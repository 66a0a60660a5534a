package io.smsgate.twofactor;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The text that carries a code, per purpose and language: English, French and Spanish, English when the
 * requested locale has no translation. Every text is GSM-7 (no character that would switch the message
 * to UCS-2 and cut a part to 70 characters) and, with the default brand and a WebOTP line for a domain
 * of up to 40 characters (the template's limit), fits one 160-character SMS.
 *
 * <p>With a WebOTP domain the text ends with the line {@code @your.domain #123456}: a browser on that
 * domain can offer the code to the page that asked for it, and a phishing site on another domain gets
 * nothing.
 */
final class CodeMessages {
    static final String DEFAULT_LANGUAGE = "en";

    private static final Map<String, Map<VerificationPurpose, String>> TEXTS = Map.of(
            "en", Map.of(
                    VerificationPurpose.LOGIN,
                    "%1$s: your login code is %2$s. It expires in %3$d minutes. Never share it with anyone.",
                    VerificationPurpose.LINK_PHONE,
                    "%1$s: your code to link this phone to your account is %2$s. It expires in %3$d minutes. Never share it.",
                    VerificationPurpose.PASSWORD_RESET,
                    "%1$s: your password reset code is %2$s. It expires in %3$d minutes. If you did not ask, ignore this."),
            "fr", Map.of(
                    VerificationPurpose.LOGIN,
                    "%1$s : votre code de connexion est %2$s. Il expire dans %3$d minutes. Ne le partagez avec personne.",
                    VerificationPurpose.LINK_PHONE,
                    "%1$s : votre code pour associer ce téléphone à votre compte est %2$s. Il expire dans %3$d minutes.",
                    VerificationPurpose.PASSWORD_RESET,
                    "%1$s : votre code de réinitialisation du mot de passe est %2$s. Il expire dans %3$d minutes."),
            // Spanish without acute accents: á, í, ó, ú are not GSM-7 and would halve the text's room.
            "es", Map.of(
                    VerificationPurpose.LOGIN,
                    "%1$s: tu codigo de acceso es %2$s. Caduca en %3$d minutos. No lo compartas con nadie.",
                    VerificationPurpose.LINK_PHONE,
                    "%1$s: tu codigo para vincular este telefono a tu cuenta es %2$s. Caduca en %3$d minutos.",
                    VerificationPurpose.PASSWORD_RESET,
                    "%1$s: tu codigo para cambiar la contrasena es %2$s. Caduca en %3$d minutos. Si no lo pediste, ignoralo."));

    private final String brand;
    private final String webOtpDomain;

    /** {@code webOtpDomain} empty: no WebOTP line. */
    CodeMessages(String brand, String webOtpDomain) {
        this.brand = brand;
        this.webOtpDomain = webOtpDomain == null ? "" : webOtpDomain.strip();
    }

    String text(VerificationPurpose purpose, String locale, String code, Duration validFor) {
        long minutes = Math.max(1, (validFor.toSeconds() + 59) / 60);
        String text = String.format(Locale.ROOT, TEXTS.get(language(locale)).get(purpose), brand, code, minutes);
        return webOtpDomain.isEmpty() ? text : text + "\n\n@" + webOtpDomain + " #" + code;
    }

    /** The language a locale such as {@code fr-CA} or {@code es_419} asks for, if there is a translation. */
    static String language(String locale) {
        if (locale == null || locale.isBlank()) {
            return DEFAULT_LANGUAGE;
        }
        String language = locale.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return TEXTS.containsKey(language) ? language : DEFAULT_LANGUAGE;
    }

    static java.util.Set<String> languages() {
        return TEXTS.keySet();
    }
}
