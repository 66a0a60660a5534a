package io.smsgate.twofactor;

/**
 * {@code PUT /accounts/{accountId}/sms-settings}, validated. {@code pin} (a new PIN), {@code currentPin}
 * (needed to change or remove an existing PIN) and {@code confirmPosts} may be null (unchanged, none
 * given); {@code removePin} removes the PIN where the country's policy allows posting without one.
 */
record SettingsRequest(boolean smsPosting, String pin, String currentPin, boolean removePin, Boolean confirmPosts) {
    SettingsRequest(boolean smsPosting, String pin, Boolean confirmPosts) {
        this(smsPosting, pin, null, false, confirmPosts);
    }

    /** Never a PIN. */
    @Override
    public String toString() {
        return "SettingsRequest[smsPosting=" + smsPosting + ", pin=" + (pin == null ? "unchanged" : "new") + ", currentPin="
                + (currentPin == null ? "none" : "given") + ", removePin=" + removePin + ", confirmPosts=" + confirmPosts + "]";
    }
}
