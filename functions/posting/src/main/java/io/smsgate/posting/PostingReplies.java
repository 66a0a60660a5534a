package io.smsgate.posting;

import java.time.Duration;

/**
 * What PostingFunction texts back. Plain ASCII (GSM-7, one SMS part each). The generic reply is the
 * same whatever kept the account from posting, so a reply never says whether a number is linked.
 */
final class PostingReplies {
    static final String UNAVAILABLE = "To post by text, turn on SMS posting in your settings.";
    static final String PIN_MISSING = "Not posted: start your text with your SMS PIN and a space.";
    static final String EMPTY_TEXT = "Not posted: there was nothing to post after your PIN.";
    static final String UNDONE = "Your last text post was deleted.";
    static final String LOCKED = "SMS posting is locked after too many wrong PINs. If that was not you, change your PIN, "
            + "then turn SMS posting on again in your settings.";

    private PostingReplies() {
    }

    static String nothingToUndo(Duration window) {
        return "Nothing to undo: UNDO deletes your last text post within " + minutes(window) + " of posting it.";
    }

    static String posted(Duration window) {
        return "Posted. Reply UNDO within " + minutes(window) + " to delete it.";
    }

    static String wrongPin(int triesLeft) {
        return "Not posted: wrong PIN. SMS posting locks after " + triesLeft + " more wrong "
                + (triesLeft == 1 ? "PIN." : "PINs.");
    }

    static String tooLong(int length, int max) {
        return "Not posted: your text has " + length + " characters; a post can have " + max + ". Send a shorter one.";
    }

    static String rateLimited(int perHour) {
        if (perHour <= 0) {
            return "Not posted: posting by text is paused here for now. Try again later.";
        }
        return "Not posted: you have reached " + perHour + (perHour == 1 ? " post" : " posts") + " this hour. Try again later.";
    }

    private static String minutes(Duration window) {
        long minutes = Math.max(1, window.toMinutes());
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
