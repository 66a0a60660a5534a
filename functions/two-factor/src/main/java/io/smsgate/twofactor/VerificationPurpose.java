package io.smsgate.twofactor;

/** What a verification proves, as the network's backend says when it starts one. */
public enum VerificationPurpose {
    /** A login: the code proves the person holds the account's phone. */
    LOGIN,
    /** Linking a phone to an account: on approval the link is created (SMS posting off). Needs an accountId. */
    LINK_PHONE,
    /** A password reset. */
    PASSWORD_RESET
}
