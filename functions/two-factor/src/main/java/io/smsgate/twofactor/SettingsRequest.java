package io.smsgate.twofactor;

/** {@code PUT /accounts/{accountId}/sms-settings}, validated. {@code pin} and {@code confirmPosts} may be null (unchanged). */
record SettingsRequest(boolean smsPosting, String pin, Boolean confirmPosts) {
    /** Never the PIN. */
    @Override
    public String toString() {
        return "SettingsRequest[smsPosting=" + smsPosting + ", pin=" + (pin == null ? "unchanged" : "new") + ", confirmPosts="
                + confirmPosts + "]";
    }
}
