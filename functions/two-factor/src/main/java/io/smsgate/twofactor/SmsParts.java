package io.smsgate.twofactor;

/**
 * How many message parts a text is billed and paced as: GSM-7 160 characters in one part, 153 per part
 * when split (an extension character such as {@code €} takes two); otherwise UCS-2, 70 in one part, 67
 * per part (counted in UTF-16 units, as carriers do).
 */
final class SmsParts {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "^{}\\[~]|€\f";

    private SmsParts() {
    }

    static int count(String body) {
        int gsm = 0;
        boolean gsm7 = true;
        for (int i = 0; i < body.length() && gsm7; i++) {
            char c = body.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                gsm += 1;
            } else if (EXTENSION.indexOf(c) >= 0) {
                gsm += 2;
            } else {
                gsm7 = false;
            }
        }
        if (gsm7) {
            return gsm <= 160 ? 1 : (gsm + 152) / 153;
        }
        int units = body.length();
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
