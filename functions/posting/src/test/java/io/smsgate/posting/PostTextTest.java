package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PostTextTest {
    private static final int MAX = PostingConfig.MAX_POST_LENGTH;

    @Test
    void twoHundredAndEightyCodePointsFitAndOneMoreDoesNot() {
        assertThat(PostText.of("a".repeat(280), MAX)).isEqualTo(new PostText.Valid("a".repeat(280)));
        assertThat(PostText.of("a".repeat(281), MAX)).isEqualTo(new PostText.TooLong(281));
    }

    @Test
    void anEmojiIsOneCodePointThoughItIsTwoJavaChars() {
        String emoji = "🌅".repeat(280);
        assertThat(emoji.length()).isEqualTo(560);
        assertThat(PostText.of(emoji, MAX)).isEqualTo(new PostText.Valid(emoji));
        assertThat(PostText.of(emoji + "🙂", MAX)).isEqualTo(new PostText.TooLong(281));
    }

    @Test
    void theTextIsTrimmedBeforeItIsMeasuredAndNeverCut() {
        assertThat(PostText.of("  \n" + "b".repeat(280) + "\t ", MAX)).isEqualTo(new PostText.Valid("b".repeat(280)));
        assertThat(PostText.of("  hello  world ", MAX)).isEqualTo(new PostText.Valid("hello  world"));
    }

    @Test
    void nothingLeftIsEmpty() {
        assertThat(PostText.of("", MAX)).isInstanceOf(PostText.Empty.class);
        assertThat(PostText.of(" \n\t ", MAX)).isInstanceOf(PostText.Empty.class);
        assertThat(PostText.of(null, MAX)).isInstanceOf(PostText.Empty.class);
    }

    @Property(tries = 1000)
    void aValidTextIsNeverLongerThanTheLimitAndNeverChangedBeyondTrimming(@ForAll @StringLength(max = 600) String raw) {
        PostText text = PostText.of(raw, MAX);
        if (text instanceof PostText.Valid valid) {
            assertThat(valid.text()).isEqualTo(raw.strip());
            assertThat(valid.text().codePointCount(0, valid.text().length())).isBetween(1, MAX);
        } else if (text instanceof PostText.TooLong tooLong) {
            assertThat(tooLong.codePoints()).isGreaterThan(MAX);
        } else {
            assertThat(raw == null || raw.isBlank()).isTrue();
        }
    }
}
