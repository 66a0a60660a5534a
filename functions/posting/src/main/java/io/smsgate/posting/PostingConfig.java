package io.smsgate.posting;

import io.smsgate.shared.config.Environment;
import java.time.Duration;

/** PostingFunction's settings, read once at start; a missing one stops the function with its name. */
record PostingConfig(
        String phoneLinksTable,
        String postsTable,
        String countersTable,
        String postsTopicArn,
        String securityEventsTopicArn,
        String outboundSmsTopicArn,
        Duration coolingOff,
        int maxPinFailures,
        Duration undoWindow,
        Duration unavailableReplyPeriod,
        int repliesPerHour,
        Duration tombstoneRetention) {

    /** How long a post may be, in code points, after the PIN is removed. */
    static final int MAX_POST_LENGTH = 280;

    static PostingConfig from(Environment env) {
        return new PostingConfig(
                env.require("PHONE_LINKS_TABLE_NAME"),
                env.require("POSTS_TABLE_NAME"),
                env.require("COUNTERS_TABLE_NAME"),
                env.require("POSTS_TOPIC_ARN"),
                env.require("SECURITY_EVENTS_TOPIC_ARN"),
                env.require("OUTBOUND_SMS_TOPIC_ARN"),
                env.seconds("POSTING_COOLING_OFF_SECONDS", Duration.ofHours(24)),
                env.integer("MAX_PIN_FAILURES", 5, 1, 100),
                env.seconds("UNDO_WINDOW_SECONDS", Duration.ofMinutes(10)),
                env.seconds("POSTING_UNAVAILABLE_REPLY_PERIOD_SECONDS", Duration.ofHours(24)),
                env.integer("POSTING_REPLIES_PER_HOUR", 5, 0, 100),
                env.seconds("POST_TOMBSTONE_RETENTION_SECONDS", Duration.ofDays(7)));
    }
}
