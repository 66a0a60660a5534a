package io.smsgate.shared.domain;

/** What a text must carry, beyond coming from a linked number, to be posted. PIN is the default. */
public enum PostingAuth {
    /** The message starts with the account's PIN and a space. */
    PIN,
    /** The linked, opted-in number alone (only where a policy says so). */
    NONE
}
