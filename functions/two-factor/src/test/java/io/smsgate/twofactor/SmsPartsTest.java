package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Message parts, as End User Messaging bills and paces them. */
class SmsPartsTest {
    @Test
    void gsm7FitsOneHundredSixtyInOnePartAndOneHundredFiftyThreePerPartAfter() {
        assertThat(SmsParts.count("a".repeat(160))).isEqualTo(1);
        assertThat(SmsParts.count("a".repeat(161))).isEqualTo(2);
        assertThat(SmsParts.count("a".repeat(306))).isEqualTo(2);
        assertThat(SmsParts.count("a".repeat(307))).isEqualTo(3);
        assertThat(SmsParts.count("€".repeat(80))).as("an extension character takes two").isEqualTo(1);
        assertThat(SmsParts.count("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void anythingElseIsUcs2SeventyInOnePartAndSixtySevenPerPartAfter() {
        assertThat(SmsParts.count("ż".repeat(70))).isEqualTo(1);
        assertThat(SmsParts.count("ż".repeat(71))).isEqualTo(2);
        assertThat(SmsParts.count("😀".repeat(35))).as("an emoji is two UTF-16 units").isEqualTo(1);
        assertThat(SmsParts.count("😀".repeat(36))).isEqualTo(2);
    }

    @Test
    void aCodeTextIsOnePart() {
        assertThat(SmsParts.count("smsgate: your login code is 042137. It expires in 10 minutes. Never share it with anyone."
                + "\n\n@app.smsgate.example #042137")).isEqualTo(1);
    }
}
