package io.smsgate.twofactor;

import java.time.Instant;
import java.util.Optional;

/** A {@link Verifications} that forwards every call: tests override the calls they interleave. */
class ForwardingVerifications implements Verifications {
    private final Verifications real;

    ForwardingVerifications(Verifications real) {
        this.real = real;
    }

    @Override
    public Optional<Verification> find(String id) {
        return real.find(id);
    }

    @Override
    public Optional<String> latest(String startKey) {
        return real.latest(startKey);
    }

    @Override
    public boolean create(Verification verification, String previousId) {
        return real.create(verification, previousId);
    }

    @Override
    public boolean requestSend(Verification verification, Instant now, Instant cooldownEdge, int maxSends) {
        return real.requestSend(verification, now, cooldownEdge, maxSends);
    }

    @Override
    public boolean requestAgain(Verification verification, Instant now, Instant cooldownEdge) {
        return real.requestAgain(verification, now, cooldownEdge);
    }

    @Override
    public boolean recordNotSent(String id, int number, String outcome) {
        return real.recordNotSent(id, number, outcome);
    }

    @Override
    public boolean storeCode(Verification before, int number, String codeDigest, Instant now, Instant cooldownEdge, int maxSends) {
        return real.storeCode(before, number, codeDigest, now, cooldownEdge, maxSends);
    }

    @Override
    public void recordSent(String id, int number, String messageId) {
        real.recordSent(id, number, messageId);
    }

    @Override
    public Delivery recordReceipt(String id, String messageId, String receipt, boolean isFinal, Instant reportedAt) {
        return real.recordReceipt(id, messageId, receipt, isFinal, reportedAt);
    }

    @Override
    public void recordUnknown(String id, int number) {
        real.recordUnknown(id, number);
    }

    @Override
    public void recordRejected(String id, int number, String reason) {
        real.recordRejected(id, number, reason);
    }

    @Override
    public void restore(Verification before, int number, String codeDigest) {
        real.restore(before, number, codeDigest);
    }

    @Override
    public boolean countWrongCheck(Verification verification, boolean lock, Instant now) {
        return real.countWrongCheck(verification, lock, now);
    }

    @Override
    public Approval approve(Verification verification, Instant now, boolean linkPending,
                            java.util.List<ConversionCounters.Scope> converted) {
        return real.approve(verification, now, linkPending, converted);
    }

    @Override
    public void finishLink(String id) {
        real.finishLink(id);
    }

    @Override
    public boolean suppress(Verification verification, Verification.State state) {
        return real.suppress(verification, state);
    }
}
