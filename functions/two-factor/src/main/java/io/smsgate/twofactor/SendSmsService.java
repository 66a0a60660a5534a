package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.IdempotencyGuard;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.OptOutStore;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.OutboundSmsReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door out: every text smsgate sends passes here, one request from OutboundSmsTopic at a time.
 *
 * <ol>
 *   <li>Bad input is logged and dropped: read by {@link OutboundSmsReader}, a request without a valid MAC
 *       (made by one of this deployment's functions), or whose recipient was not sealed for it.</li>
 *   <li>The request id is claimed ({@link IdempotencyGuard} over CountersTable): a redelivered request
 *       sends nothing. The claim's lease is longer than Lambda's retries, so an attempt that died after
 *       handing the text over (outcome unknown) is not sent again: its retries find the claim held and
 *       the request ends in the dead-letter queue for an operator. A fault known to have happened
 *       before the hand-over releases the claim so the retry sends.</li>
 *   <li>CODE: the verification must be open, under its sends and past its cooldown; then the number's
 *       opt-out, the country policy ({@code twoFactorSms}) and the budgets; then a fresh code is made,
 *       its HMAC stored, and the text sent. The code exists only in memory and in the text.</li>
 *   <li>TEXT: the opt-out (compliance replies excepted) and the loop guard; then the text as given.</li>
 * </ol>
 * Whatever happens after the text is handed over never causes it to be sent again.
 */
final class SendSmsService {
    private static final Logger LOG = LoggerFactory.getLogger(SendSmsService.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._:#-]{0,255}");

    private final IdempotencyGuard guard;
    private final Verifications verifications;
    private final OptOutStore optOuts;
    private final CountryPolicies policies;
    private final Budgets budgets;
    private final LoopGuard loopGuard;
    private final SmsProvider provider;
    private final CodeMessages messages;
    private final OneTimeCodes codes;
    private final KeyRing keys;
    private final OutboundSmsReader reader;
    private final TwoFactorLimits limits;
    private final Metrics metrics;
    private final Clock clock;

    SendSmsService(IdempotencyGuard guard, Verifications verifications, OptOutStore optOuts, CountryPolicies policies,
                   Budgets budgets, LoopGuard loopGuard, SmsProvider provider, CodeMessages messages, OneTimeCodes codes,
                   KeyRing keys, TwoFactorLimits limits, Metrics metrics, Clock clock) {
        this.guard = guard;
        this.verifications = verifications;
        this.optOuts = optOuts;
        this.policies = policies;
        this.budgets = budgets;
        this.loopGuard = loopGuard;
        this.provider = provider;
        this.messages = messages;
        this.codes = codes;
        this.keys = keys;
        this.reader = new OutboundSmsReader(keys);
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One SNS delivery: its id (for the log when the payload is unusable) and the payload. */
    record Delivery(String snsMessageId, String message) {
    }

    SendOutcome handle(Delivery delivery) {
        OutboundSms request;
        PhoneNumber to;
        switch (reader.read(delivery.message())) {
            case OutboundSmsReader.Dropped dropped -> {
                return reject(SendOutcome.Rejection.of(dropped.reason()), dropped.detail(), delivery);
            }
            case OutboundSmsReader.Accepted accepted -> {
                request = accepted.request();
                to = accepted.recipient();
            }
        }
        if (!wellFormedRequestId(request.requestId())) {
            return reject(SendOutcome.Rejection.MALFORMED_REQUEST, "requestId", delivery);
        }
        if (request.kind() == OutboundSms.Kind.CODE && requestNumber(request.requestId(), request.verificationId()).isEmpty()) {
            return reject(SendOutcome.Rejection.REQUEST_MISMATCH, "requestId is not <verificationId>#<n>", delivery);
        }
        boolean code = request.kind() == OutboundSms.Kind.CODE;
        try (LogContext ignored = code
                ? LogContext.put(LogContext.VERIFICATION_ID, request.verificationId())
                : LogContext.put(LogContext.INBOUND_MESSAGE_ID, request.correlationId())) {
            String claim = "SendSms#" + request.requestId();
            switch (guard.claim(claim, clock.instant())) {
                case ALREADY_DONE -> {
                    LOG.info("request {} already handled: redelivery ignored", request.requestId());
                    metrics.count("SmsDuplicate", "Kind", request.kind().name());
                    return new SendOutcome.Duplicate();
                }
                case IN_PROGRESS -> throw new TransientFaultException("request " + request.requestId()
                        + " is held by another attempt (or one that died while sending: then it is not sent again)");
                case ACQUIRED -> {
                    // First time: act below.
                }
            }
            SendOutcome outcome;
            try {
                outcome = code ? sendCode(request, to) : sendText(request, to);
            } catch (SmsProvider.OutcomeUnknownException e) {
                // The text may be on its way: the claim stays held, so no retry sends it again; the retries
                // end in the dead-letter queue for an operator, and a user's own resend is a new request.
                LOG.warn("{} request {} outcome UNKNOWN: {} (not sent again)", request.kind(), request.requestId(), e.getMessage());
                metrics.count("SmsSendUnknown", "Kind", request.kind().name());
                throw e;
            } catch (RuntimeException e) {
                // Faults from before the text was handed over: the retry may send it.
                releaseQuietly(claim, e);
                throw e;
            }
            guard.complete(claim, clock.instant());
            return outcome;
        }
    }

    static boolean wellFormedRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    // ------------------------------------------------------------------ CODE

    private SendOutcome sendCode(OutboundSms request, PhoneNumber to) {
        Instant now = clock.instant();
        String id = request.verificationId();
        int n = requestNumber(request.requestId(), id).orElseThrow();
        Optional<Verification> found = verifications.find(id);
        if (found.isEmpty()) {
            return notSent(request, SendOutcome.Reason.VERIFICATION_NOT_FOUND, to);
        }
        Verification v = found.get();
        if (!v.phoneKey().equals(request.recipient().key())) {
            return reject(SendOutcome.Rejection.REQUEST_MISMATCH, "recipient is not the verification's number", request);
        }
        if (n > v.requested()) {
            // Only the API registers send requests: one it never registered is not sent (no pumping through the topic).
            return reject(SendOutcome.Rejection.REQUEST_MISMATCH, "request " + n + " was never registered", request);
        }
        if (n <= v.handled()) {
            return notSent(request, SendOutcome.Reason.STALE_REQUEST, to);
        }
        Optional<SendOutcome.Reason> refusal = codeRefusal(v, to, now);
        if (refusal.isPresent()) {
            verifications.recordNotSent(id, n, refusal.get().name());
            return notSent(request, refusal.get(), to);
        }
        String code = codes.next();
        String digest = keys.digest(Verification.CODE_DIGEST_PURPOSE, id, code);
        if (!verifications.storeCode(v, n, digest, now, now.minus(limits.resendCooldown()), limits.maxSends())
                && !storedByThisAttempt(id, n, digest)) {
            // The verification changed since it was read (approved, locked, or another request got there first).
            verifications.recordNotSent(id, n, SendOutcome.Reason.STALE_REQUEST.name());
            return notSent(request, SendOutcome.Reason.STALE_REQUEST, to);
        }
        Duration validFor = Duration.between(now, v.expiresAt());
        SmsProvider.OutgoingSms sms = new SmsProvider.OutgoingSms(to.e164(),
                messages.text(v.purpose(), v.locale(), code, validFor), validFor, Map.of("verificationId", id), true);
        SmsProvider.Result result;
        try {
            result = provider.send(sms);
        } catch (SmsProvider.OutcomeUnknownException e) {
            // Perhaps delivered: keep this code working and say so on the verification.
            afterSend(() -> verifications.recordUnknown(id, n));
            throw e;
        } catch (RuntimeException e) {
            // Not handed over: back to where we were (the previous code works again), then retry.
            verifications.restore(v, n, digest);
            LOG.warn("code for request {} not sent: {} (restored, will be retried)", request.requestId(), e.getMessage());
            metrics.count("SmsProviderFault", Map.of("Kind", OutboundSms.Kind.CODE.name()));
            throw e;
        }
        return switch (result) {
            case SmsProvider.Result.Sent sent -> {
                afterSend(() -> verifications.recordSent(id, n, sent.messageId()));
                LOG.info("code {}/{} sent to {} for {} (message {})", v.sends() + 1, limits.maxSends(), to.masked(),
                        v.purpose(), sent.messageId());
                metrics.count("SmsSent", Map.of("Kind", OutboundSms.Kind.CODE.name(), "Country", to.country().value()));
                yield new SendOutcome.Sent(OutboundSms.Kind.CODE, sent.messageId());
            }
            case SmsProvider.Result.Rejected rejected -> {
                afterSend(() -> verifications.recordRejected(id, n, "PROVIDER_REJECTED " + rejected.reason()));
                LOG.warn("code not sent to {}: reason=PROVIDER_REJECTED provider={}", to.masked(), rejected.reason());
                yield notSent(request, SendOutcome.Reason.PROVIDER_REJECTED, to);
            }
        };
    }

    /**
     * A refused storeCode may be our own write whose answer was lost (the SDK retried it, and the retry
     * met its own change): the digest is this attempt's random code's, so finding it stored for this
     * request means the write was ours and the code is to be sent.
     */
    private boolean storedByThisAttempt(String id, int n, String digest) {
        return verifications.find(id).filter(now -> now.handled() == n && digest.equals(now.codeDigest())).isPresent();
    }

    /** The first rule that says no to a code for this verification, in the order the README lists them. */
    private Optional<SendOutcome.Reason> codeRefusal(Verification v, PhoneNumber to, Instant now) {
        if (v.state() != Verification.State.PENDING) {
            return Optional.of(SendOutcome.Reason.VERIFICATION_CLOSED);
        }
        if (v.expired(now)) {
            return Optional.of(SendOutcome.Reason.VERIFICATION_EXPIRED);
        }
        if (v.sends() >= limits.maxSends()) {
            return Optional.of(SendOutcome.Reason.MAX_SENDS);
        }
        if (v.codeSentAt() != null && now.isBefore(v.codeSentAt().plus(limits.resendCooldown()))) {
            return Optional.of(SendOutcome.Reason.RESEND_COOLDOWN);
        }
        if (optOuts.isOptedOut(v.phoneKey())) {
            return Optional.of(SendOutcome.Reason.OPTED_OUT);
        }
        PolicySet policy = policies.forCountry(to.country());
        if (!policy.twoFactorAllowed()) {
            return Optional.of(SendOutcome.Reason.POLICY_DENIED);
        }
        CountryPolicy applicable = policy.applicable().orElseThrow();
        return budgets.spend(v.phoneKey(), to.country(), applicable, now).map(budget -> switch (budget) {
            case NUMBER_HOURLY -> SendOutcome.Reason.BUDGET_NUMBER_HOURLY;
            case COUNTRY_HOURLY -> SendOutcome.Reason.BUDGET_COUNTRY_HOURLY;
            case GLOBAL_DAILY -> SendOutcome.Reason.BUDGET_GLOBAL_DAILY;
        });
    }

    private static Optional<Integer> requestNumber(String requestId, String verificationId) {
        String prefix = verificationId + "#";
        if (!requestId.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(requestId.substring(prefix.length()));
            return n >= 1 && n <= 100 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ TEXT

    private SendOutcome sendText(OutboundSms request, PhoneNumber to) {
        Instant now = clock.instant();
        String key = request.recipient().key();
        if (!request.purpose().compliance() && optOuts.isOptedOut(key)) {
            return notSent(request, SendOutcome.Reason.OPTED_OUT, to);
        }
        if (!loopGuard.allow(key, now)) {
            return notSent(request, SendOutcome.Reason.LOOP_GUARD, to);
        }
        SmsProvider.Result result = provider.send(new SmsProvider.OutgoingSms(to.e164(), request.text(), null,
                Map.of("requestId", request.requestId(), "purpose", request.purpose().name())));
        return switch (result) {
            case SmsProvider.Result.Sent sent -> {
                LOG.info("{} text sent to {} (request {}, message {})", request.purpose(), to.masked(), request.requestId(),
                        sent.messageId());
                metrics.count("SmsSent", Map.of("Kind", OutboundSms.Kind.TEXT.name(), "Country", to.country().value()));
                yield new SendOutcome.Sent(OutboundSms.Kind.TEXT, sent.messageId());
            }
            case SmsProvider.Result.Rejected rejected -> {
                LOG.warn("text not sent to {}: reason=PROVIDER_REJECTED provider={} request={}", to.masked(), rejected.reason(),
                        request.requestId());
                yield notSent(request, SendOutcome.Reason.PROVIDER_REJECTED, to);
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    private SendOutcome notSent(OutboundSms request, SendOutcome.Reason reason, PhoneNumber to) {
        if (reason != SendOutcome.Reason.PROVIDER_REJECTED) {
            LOG.info("{} for {} not sent: reason={} request={}", request.kind(), to.masked(), reason, request.requestId());
        }
        metrics.count("SmsNotSent", Map.of("Kind", request.kind().name(), "Reason", reason.name()));
        return new SendOutcome.NotSent(request.kind(), reason);
    }

    private SendOutcome reject(SendOutcome.Rejection reason, String detail, Delivery delivery) {
        LOG.warn("outbound request rejected: reason={} detail={} snsMessageId={}", reason, detail, delivery.snsMessageId());
        metrics.count("SmsRequestRejected", "Reason", reason.name());
        return new SendOutcome.Rejected(reason);
    }

    private SendOutcome reject(SendOutcome.Rejection reason, String detail, OutboundSms request) {
        LOG.warn("outbound request rejected: reason={} detail={} request={}", reason, detail, request.requestId());
        metrics.count("SmsRequestRejected", "Reason", reason.name());
        return new SendOutcome.Rejected(reason);
    }

    /** Bookkeeping after a text was handed over must not make the request look unsent: its failure is logged, not thrown. */
    private void afterSend(Runnable bookkeeping) {
        try {
            bookkeeping.run();
        } catch (RuntimeException e) {
            LOG.warn("text handed over, but recording it failed: {}", e.getClass().getSimpleName());
            metrics.count("SmsBookkeepingFailed", Map.of());
        }
    }

    private void releaseQuietly(String key, RuntimeException cause) {
        try {
            guard.release(key);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
