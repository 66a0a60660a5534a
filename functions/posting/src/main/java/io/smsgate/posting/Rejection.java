package io.smsgate.posting;

/**
 * Why an approved command did not post (or undo): the reason code in the log line and the
 * {@code Reason} dimension of the {@code PostingRejected} metric. Nothing else about the reason leaves
 * the function: the first five all get the same reply, through the same steps.
 */
enum Rejection {
    // ---- the account cannot post by text: one generic reply, whatever the reason
    /** No account has verified this number. */
    NOT_LINKED(true),
    /** Five wrong PINs in a row locked SMS posting; the account turns it on again in its settings. */
    LOCKED(true),
    /** The account has not turned SMS posting on (it starts off). */
    POSTING_OFF(true),
    /** The number was linked less than the cooling-off period ago, or after this text was received. */
    COOLING_OFF(true),
    /** The policy asks for a PIN and the account has not set one. */
    PIN_NOT_SET(true),
    /** The SIM-swap signal says the number's SIM changed recently (or gave no answer where one is required): disarmed. */
    SIM_SWAPPED(true),
    /** The link was locked, disarmed, re-armed or given a new PIN between the PIN check and the post's write. */
    LINK_CHANGED(true),
    /** The link's stored PIN hash is damaged ({@code PinHasher.isWellFormed}): no PIN can match it; logged as an error for an operator. */
    PIN_RECORD_INVALID(true),

    // ---- the account can post, this text cannot: a reply that says what to fix
    /** The text does not start with something shaped like a PIN (not counted as a wrong PIN). */
    PIN_MISSING(false),
    /** The text starts with 4-8 digits that are not the account's PIN (counted; the fifth in a row locks). */
    WRONG_PIN(false),
    /** Nothing left to post once the PIN is removed. */
    EMPTY_TEXT(false),
    /** More than 280 code points once the PIN is removed: refused, never truncated. */
    TEXT_TOO_LONG(false),
    /** The account reached the policy's posts per hour. */
    RATE_LIMITED(false),

    // ---- UNDO: all answered "nothing to undo"
    /** Every SMS post within reach is already deleted (by earlier UNDOs). */
    ALREADY_UNDONE(false),
    /** The account has no SMS post from before the UNDO. */
    NO_RECENT_POST(false),
    /** The newest SMS post not deleted yet is older than the undo window (10 minutes) at the time of the UNDO. */
    UNDO_TOO_LATE(false),

    // ---- not ours to answer: logged and counted, no reply
    /** Not an ApprovedCommand (not JSON, a field missing, an unknown country). */
    MALFORMED_COMMAND(false),
    /** No MAC: not published by CountryPolicyFunction (or by a build from before MACs). */
    MAC_MISSING(false),
    /** A MAC of a version this build does not know. */
    MAC_UNKNOWN_VERSION(false),
    /** The MAC or a sealed value was made with a key id the deployment's secret no longer holds (retired by a rotation). */
    KEY_UNKNOWN(false),
    /** A MAC that does not match: forged, altered (a raised limit, say), another type's or deployment's key. */
    MAC_INVALID(false),
    /** The sealed sender does not open for this command (another deployment's key, altered, copied from another message). */
    TAMPERED_SENDER(false),
    /** The sealed body does not open for this command. */
    TAMPERED_TEXT(false),
    /** A command other than POST or UNDO (the subscription's filter policy should have kept it away). */
    UNEXPECTED_COMMAND(false);

    private final boolean generic;

    Rejection(boolean generic) {
        this.generic = generic;
    }

    /** True for the reasons that all get the one generic "turn on SMS posting" reply. */
    boolean generic() {
        return generic;
    }
}
