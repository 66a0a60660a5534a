package io.smsgate.twofactor;

/** What a check answered. */
sealed interface CheckOutcome {
    enum Status { PENDING, APPROVED, EXPIRED, LOCKED }

    record Answered(Status status, int attemptsLeft) implements CheckOutcome {
    }

    /** No such verification, or it was used already (a code works once). */
    record NotFound() implements CheckOutcome {
    }
}
