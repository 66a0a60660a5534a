package io.smsgate.inbound;

import io.smsgate.shared.config.Environment;

/**
 * What a self-managed deployment answers to STOP, START and HELP. Carriers require all three; the
 * defaults say who is texting and how to stop. Each can be replaced through the environment.
 */
record ComplianceReplies(String optOut, String optIn, String help) {
    static final String DEFAULT_OPT_OUT =
            "smsgate: you are unsubscribed and will get no more texts from this number. Reply START to resubscribe.";
    static final String DEFAULT_OPT_IN =
            "smsgate: you are subscribed again. Reply HELP for help, STOP to unsubscribe.";
    static final String DEFAULT_HELP =
            "smsgate: text this number to post (turn on SMS posting in your settings first). "
                    + "Reply STOP to unsubscribe. Msg & data rates may apply.";

    static ComplianceReplies from(Environment env) {
        return new ComplianceReplies(
                env.optional("OPT_OUT_REPLY", DEFAULT_OPT_OUT),
                env.optional("OPT_IN_REPLY", DEFAULT_OPT_IN),
                env.optional("HELP_REPLY", DEFAULT_HELP));
    }
}
