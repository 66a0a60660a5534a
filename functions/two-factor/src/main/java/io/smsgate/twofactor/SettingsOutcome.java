package io.smsgate.twofactor;

/** What a settings change answered. */
sealed interface SettingsOutcome {
    record Updated(boolean smsPosting, boolean pinSet, boolean confirmPosts) implements SettingsOutcome {
    }

    record Refused(ApiRejection reason) implements SettingsOutcome {
    }
}
