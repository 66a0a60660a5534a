package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostingRepliesTest {
    /** GSM 03.38 basic characters that are plain ASCII: a reply in these is one part of up to 160. */
    private static final String GSM_ASCII =
            "@$\n\r _!\"#%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void everyReplyIsOneGsm7Part() {
        List<String> replies = List.of(PostingReplies.UNAVAILABLE, PostingReplies.PIN_MISSING, PostingReplies.EMPTY_TEXT,
                PostingReplies.UNDONE, PostingReplies.LOCKED, PostingReplies.nothingToUndo(Duration.ofMinutes(10)),
                PostingReplies.posted(Duration.ofMinutes(10)), PostingReplies.wrongPin(1), PostingReplies.wrongPin(4),
                PostingReplies.tooLong(1600, 280), PostingReplies.rateLimited(0), PostingReplies.rateLimited(1),
                PostingReplies.rateLimited(1000));
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.length()).isLessThanOrEqualTo(160);
            assertThat(reply.chars()).allMatch(c -> GSM_ASCII.indexOf(c) >= 0);
        });
    }

    @Test
    void theGenericReplyIsTheOneTheIssueAsksFor() {
        assertThat(PostingReplies.UNAVAILABLE).isEqualTo("To post by text, turn on SMS posting in your settings.");
    }
}
