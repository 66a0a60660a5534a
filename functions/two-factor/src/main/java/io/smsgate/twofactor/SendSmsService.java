package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.IdempotencyGuard;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageFeedbackReader;
import io.smsgate.shared.security.OutboundSmsReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door out: every text smsgate sends passes here, one request from a send queue at a time
 * (CodeSendQueue and TextSendQueue, fed by OutboundSmsTopic; docs/sending.md).
 *
 * <ol>
 *   <li>Bad input is logged and dropped: read by {@link OutboundSmsReader}, a request without a valid MAC
 *       (made by one of this deployment's functions), or whose recipient was not sealed for it.</li>
 *   <li>The request id is claimed ({@link IdempotencyGuard} over CountersTable): a redelivered request
 *       sends nothing. A request put back for later, or a fault known to have happened before the
 *       hand-over, releases the claim so a later delivery sends; an UNKNOWN outcome finishes it.</li>
 *   <li>CODE: the verification must be open (a code that waited past its verification's life is
 *       dropped as EXPIRED_IN_QUEUE), under its sends and past its cooldown; then the number's opt-out
 *       and the country policy ({@code twoFactorSms}); then a pacing slot, the budgets, and at the slot
 *       a fresh code is made, its HMAC stored, and the text sent. The code exists only in memory and in
 *       the text.</li>
 *   <li>TEXT: while codes are queued the reply waits (or goes back to its queue) before its claim, so it costs
 *       nothing the codes wait on; then a courtesy reply older than {@code STALE_REPLY_SECONDS} is dropped; the opt-out (compliance replies
 *       excepted); no courtesy reply to a country where both posting and codes are off; a pacing slot
 *       (after the codes), the loop guard and the reply budgets (counted in one request, the opt-out read with
 *       the loop guard's previous window in another); then the text as given.</li>
 * </ol>
 * Out of slots, or throttled by End User Messaging: {@link SendOutcome.Deferred}, nothing counted, the
 * message comes back later. Whatever happens after the text is handed over never causes it to be sent again.
 *
 * <p>A {@code MessageFeedback} (a code was approved; it arrives on TextSendQueue) is not a text: it goes
 * to {@link MessageFeedbackService} before any of the above, and takes no claim, slot or budget.
 */
final class SendSmsService {
    private static final Logger LOG = LoggerFactory.getLogger(SendSmsService.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._:#-]{0,255}");

    private final IdempotencyGuard guard;
    private final Verifications verifications;
    private final SendReads reads;
    private final SentCodes sentCodes;
    private final PumpingGuard pumping;
    private final CountryPolicies policies;
    private final Budgets budgets;
    private final ReplyBudgets replyBudgets;
    private final SendPacer pacer;
    private final SendQueues queues;
    private final Pause pause;
    private final Duration staleReply;
    private final SmsProvider provider;
    private final MessageFeedbackService feedback;
    private final CodeMessages messages;
    private final OneTimeCodes codes;
    private final KeyRing keys;
    private final OutboundSmsReader reader;
    private final TwoFactorLimits limits;
    private final Metrics metrics;
    private final Clock clock;

    /** What the send path is paced and budgeted by (one value, so the constructor stays readable). */
    record Pacing(SendPacer pacer, SendQueues queues, Pause pause, ReplyBudgets replyBudgets, Duration staleReply) {
    }

    /**
     * How a code's send reads and records in as few requests as it can: its verification and the
     * opt-out together, and what follows an accepted code (SENT, the claim completed, the pumping
     * guard's count) together.
     */
    record Bookkeeping(SendReads reads, SentCodes sentCodes, PumpingGuard pumping) {
    }

    SendSmsService(IdempotencyGuard guard, Verifications verifications, Bookkeeping bookkeeping,
                   CountryPolicies policies, Budgets budgets, Pacing pacing, SmsProvider provider,
                   MessageFeedbackService feedback, CodeMessages messages, OneTimeCodes codes, KeyRing keys, TwoFactorLimits limits,
                   Metrics metrics, Clock clock) {
        this.guard = guard;
        this.verifications = verifications;
        this.reads = bookkeeping.reads();
        this.sentCodes = bookkeeping.sentCodes();
        this.pumping = bookkeeping.pumping();
        this.policies = policies;
        this.budgets = budgets;
        this.replyBudgets = pacing.replyBudgets();
        this.pacer = pacing.pacer();
        this.queues = pacing.queues();
        this.pause = pacing.pause();
        this.staleReply = pacing.staleReply();
        this.provider = provider;
        this.feedback = feedback;
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

    /** How long before the execution's end the last send must start (a send takes at most a few seconds). */
    static final Duration SEND_MARGIN = Duration.ofSeconds(8);

    /** The latest moment this execution may still wait for a slot, given the time it has left. */
    Instant deadline(Duration remaining) {
        return clock.instant().plus(remaining).minus(SEND_MARGIN);
    }

    /** One request, with all the time in the world (tests, and a direct invocation). */
    SendOutcome handle(Delivery delivery) {
        return handle(delivery, deadline(Duration.ofSeconds(30)));
    }

    /**
     * One request from a send queue; {@code deadline}: how long this execution may wait for a pacing
     * slot. A {@link SendOutcome.Deferred} outcome sent nothing and kept nothing counted: the caller
     * puts the message back on its queue for later.
     */
    SendOutcome handle(Delivery delivery, Instant deadline) {
        JsonNode message;
        try {
            message = Json.object(delivery.message());
        } catch (MalformedJsonException e) {
            return reject(SendOutcome.Rejection.MALFORMED_REQUEST, e.getMessage(), delivery);
        }
        if (MessageFeedbackReader.names(message)) {
            return feedback.give(message, delivery.snsMessageId());
        }
        OutboundSms request;
        PhoneNumber to;
        switch (reader.read(message)) {
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
            if (!code && !stale(request, clock.instant())) {
                // Behind queued codes a reply claims, reads and counts nothing: it waits here, or goes back to its queue.
                // (A stale one is dropped below at once, as before: no reason to hold an execution for it.)
                Optional<SendPacer.Reservation.Wait> behind = waitForQueuedCodes(deadline);
                if (behind.isPresent()) {
                    return deferred(request, behind.get().reason(), behind.get().retryAfter());
                }
            }
            String claim = "SendSms#" + request.requestId();
            switch (guard.claim(claim, clock.instant())) {
                case ALREADY_DONE -> {
                    LOG.info("request {} already handled: redelivery ignored", request.requestId());
                    metrics.count("SmsDuplicate", "Kind", request.kind().name());
                    return new SendOutcome.Duplicate();
                }
                case IN_PROGRESS -> {
                    // Held by another attempt, or by one that died holding it: the lease runs out before the
                    // message comes back, and then the request's own state says whether anything is left to send.
                    return deferred(request, SendOutcome.DeferReason.IN_PROGRESS, Duration.ofSeconds(30));
                }
                case ACQUIRED -> {
                    // First time: act below.
                }
            }
            SendOutcome outcome;
            try {
                outcome = code ? sendCode(request, to, deadline, claim) : sendText(request, to, deadline);
            } catch (RuntimeException e) {
                // Faults from before the text was handed over: the retry may send it.
                releaseQuietly(claim, e);
                throw e;
            }
            if (outcome instanceof SendOutcome.Deferred) {
                releaseQuietly(claim, null);
            } else if (code && outcome instanceof SendOutcome.Sent) {
                // Completed with the rest of the sent code's bookkeeping (codeSent).
            } else {
                // Sent, not sent for a reason, or UNKNOWN: done for good. An UNKNOWN text is never sent again.
                afterSend(() -> guard.complete(claim, clock.instant()));
            }
            return outcome;
        }
    }

    static boolean wellFormedRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    // ------------------------------------------------------------------ CODE

    private SendOutcome sendCode(OutboundSms request, PhoneNumber to, Instant deadline, String claim) {
        Instant now = clock.instant();
        String id = request.verificationId();
        int n = requestNumber(request.requestId(), id).orElseThrow();
        // The verification and the number's opt-out, in one request (the opt-out is asked whatever the verification says).
        SendReads.Facts facts = reads.read(id, request.recipient().key());
        Optional<Verification> found = facts.verification();
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
        Optional<SendOutcome.Reason> refusal = codeRefusal(v, to, now, facts.optedOut());
        if (refusal.isPresent()) {
            verifications.recordNotSent(id, n, refusal.get().name());
            return notSent(request, refusal.get(), to);
        }
        CountryPolicy applicable = policies.forCountry(to.country()).applicable().orElseThrow();
        String code = codes.next();
        String body = messages.text(v.purpose(), v.locale(), code, Duration.between(now, v.expiresAt()));
        SendPacer.Reservation reservation = pace(OutboundSms.Kind.CODE, SmsParts.count(body), deadline);
        if (reservation instanceof SendPacer.Reservation.Wait wait) {
            return deferred(request, wait.reason(), wait.retryAfter());
        }
        SendPacer.Reservation.Granted slot = (SendPacer.Reservation.Granted) reservation;
        Optional<SendOutcome.Reason> overBudget = budgets.spend(v.phoneKey(), to.country(), applicable, now).map(budget -> switch (budget) {
            case NUMBER_HOURLY -> SendOutcome.Reason.BUDGET_NUMBER_HOURLY;
            case COUNTRY_HOURLY -> SendOutcome.Reason.BUDGET_COUNTRY_HOURLY;
            case GLOBAL_DAILY -> SendOutcome.Reason.BUDGET_GLOBAL_DAILY;
        });
        if (overBudget.isPresent()) {
            pacer.giveBack(slot);
            verifications.recordNotSent(id, n, overBudget.get().name());
            return notSent(request, overBudget.get(), to);
        }
        Instant spentAt = now;
        pause.until(slot.at());
        now = clock.instant();
        if (v.expired(now)) {
            budgets.refund(v.phoneKey(), to.country(), applicable, spentAt);
            verifications.recordNotSent(id, n, SendOutcome.Reason.EXPIRED_IN_QUEUE.name());
            return notSent(request, SendOutcome.Reason.EXPIRED_IN_QUEUE, to);
        }
        String digest = keys.digest(Verification.CODE_DIGEST_PURPOSE, id, code);
        boolean stored;
        try {
            stored = verifications.storeCode(v, n, digest, now, now.minus(limits.resendCooldown()), limits.maxSends())
                    || storedByThisAttempt(id, n, digest);
        } catch (RuntimeException e) {
            // The write may have landed with its answer lost. The caller releases the claim and the retry reads the
            // verification again: put it back as it was (only if it holds this attempt's code) and refund, or the
            // retry finds the request handled and declares it STALE_REQUEST, with a code stored that never went out.
            undoStore(v, n, digest, to, applicable, spentAt, e);
            throw e;
        }
        if (!stored) {
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
            // Perhaps delivered: keep this code working, say so on the verification, never send it again.
            afterSend(() -> verifications.recordUnknown(id, n));
            return unknown(request, e);
        } catch (RuntimeException e) {
            // Not handed over: back to where we were (the previous code works again), nothing counted, later again.
            verifications.restore(v, n, digest);
            budgets.refund(v.phoneKey(), to.country(), applicable, spentAt);
            if (e instanceof SmsProvider.ThrottledException) {
                return deferred(request, SendOutcome.DeferReason.THROTTLED, Duration.ofSeconds(1));
            }
            LOG.warn("code for request {} not sent: {} (restored, will be retried)", request.requestId(), e.getMessage());
            metrics.count("SmsProviderFault", Map.of("Kind", OutboundSms.Kind.CODE.name()));
            throw e;
        }
        return switch (result) {
            case SmsProvider.Result.Sent sent -> {
                codeSent(claim, id, n, sent.messageId(), to);
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
     * End User Messaging accepted the code: SENT with its message id, the claim completed, counted as sent
     * for the pumping guard, in one write ({@link SentCodes}); if that write is refused, each on its own
     * as before. None of it may make the code look unsent: failures are logged and counted.
     */
    private void codeSent(String claim, String id, int n, String messageId, PhoneNumber to) {
        Instant now = clock.instant();
        List<ConversionCounters.Scope> scopes = List.of();
        try {
            scopes = pumping.scopes(to);
        } catch (RuntimeException e) {
            LOG.warn("code sent, but it cannot be counted for the pumping guard: {}", e.getClass().getSimpleName());
            metrics.count("ConversionCountFailed", Map.of("Outcome", "SENT"));
        }
        boolean recorded;
        try {
            recorded = sentCodes.record(claim, id, n, messageId, scopes, now);
        } catch (RuntimeException e) {
            recorded = false;
        }
        if (recorded) {
            return;
        }
        afterSend(() -> verifications.recordSent(id, n, messageId));
        afterSend(() -> guard.complete(claim, clock.instant()));
        if (!scopes.isEmpty()) {
            try {
                pumping.sent(to, now);
            } catch (RuntimeException e) {
                LOG.warn("code sent, but counting it for the pumping guard failed: {}", e.getClass().getSimpleName());
                metrics.count("ConversionCountFailed", Map.of("Outcome", "SENT"));
            }
        }
    }

    /**
     * A refused storeCode may be our own write whose answer was lost (the SDK retried it, and the retry
     * met its own change): the digest is this attempt's random code's, so finding it stored for this
     * request means the write was ours and the code is to be sent.
     */
    private void undoStore(Verification v, int n, String digest, PhoneNumber to, CountryPolicy applicable, Instant spentAt,
                           RuntimeException cause) {
        try {
            verifications.restore(v, n, digest);
            budgets.refund(v.phoneKey(), to.country(), applicable, spentAt);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private boolean storedByThisAttempt(String id, int n, String digest) {
        return verifications.find(id).filter(now -> now.handled() == n && digest.equals(now.codeDigest())).isPresent();
    }

    /**
     * The first rule that says no to a code for this verification, in the order the README lists them;
     * the budgets come after the pacing slot (so a code put back for later is not counted twice).
     */
    private Optional<SendOutcome.Reason> codeRefusal(Verification v, PhoneNumber to, Instant now, boolean optedOut) {
        if (v.state() != Verification.State.PENDING) {
            return Optional.of(SendOutcome.Reason.VERIFICATION_CLOSED);
        }
        if (v.expired(now)) {
            // The API registers a send only for a live verification: this one waited in its queue until it expired.
            return Optional.of(SendOutcome.Reason.EXPIRED_IN_QUEUE);
        }
        if (v.sends() >= limits.maxSends()) {
            return Optional.of(SendOutcome.Reason.MAX_SENDS);
        }
        if (v.codeSentAt() != null && now.isBefore(v.codeSentAt().plus(limits.resendCooldown()))) {
            return Optional.of(SendOutcome.Reason.RESEND_COOLDOWN);
        }
        if (optedOut) {
            return Optional.of(SendOutcome.Reason.OPTED_OUT);
        }
        if (!policies.forCountry(to.country()).twoFactorAllowed()) {
            return Optional.of(SendOutcome.Reason.POLICY_DENIED);
        }
        return Optional.empty();
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

    private SendOutcome sendText(OutboundSms request, PhoneNumber to, Instant deadline) {
        Instant now = clock.instant();
        String key = request.recipient().key();
        OutboundSms.Purpose purpose = request.purpose();
        if (stale(request, now)) {
            return notSent(request, SendOutcome.Reason.STALE_REPLY, to);
        }
        // The opt-out and the loop guard's previous window, in one request (the opt-out is not asked of a compliance reply).
        SendReads.ReplyFacts facts = reads.reply(key, LoopGuard.previousWindow(key, now));
        if (!purpose.compliance() && facts.optedOut()) {
            return notSent(request, SendOutcome.Reason.OPTED_OUT, to);
        }
        CountryPolicy policy = policies.forCountry(to.country()).applicable().orElse(null);
        if (!purpose.compliance() && (policy == null || !policy.smsPosting().enabled() && !policy.twoFactorSms().enabled())) {
            // A courtesy reply to a country where this deployment offers nothing: the cheapest text is the one not sent.
            return notSent(request, SendOutcome.Reason.REPLY_COUNTRY_CLOSED, to);
        }
        SendPacer.Reservation reservation = pace(OutboundSms.Kind.TEXT, SmsParts.count(request.text()), deadline);
        if (reservation instanceof SendPacer.Reservation.Wait wait) {
            return deferred(request, wait.reason(), wait.retryAfter());
        }
        SendPacer.Reservation.Granted slot = (SendPacer.Reservation.Granted) reservation;
        // The loop guard first, then the reply budgets: one request, as if counted one after the other.
        Optional<SendOutcome.Reason> overBudget = replyBudgets.spend(LoopGuard.limit(key, now, facts.loopPrevious()), purpose, key,
                to.country(), policy, now).map(budget -> switch (budget) {
            case LOOP_GUARD -> SendOutcome.Reason.LOOP_GUARD;
            case COUNTRY_HOURLY -> SendOutcome.Reason.BUDGET_REPLY_COUNTRY_HOURLY;
            case GLOBAL_DAILY -> SendOutcome.Reason.BUDGET_REPLY_GLOBAL_DAILY;
            case CONFIRMATIONS -> SendOutcome.Reason.CONFIRMATIONS_RATE_LIMITED;
        });
        if (overBudget.isPresent()) {
            pacer.giveBack(slot);
            return notSent(request, overBudget.get(), to);
        }
        Instant spentAt = now;
        pause.until(slot.at());
        SmsProvider.Result result;
        try {
            result = provider.send(new SmsProvider.OutgoingSms(to.e164(), request.text(), null,
                    Map.of("requestId", request.requestId(), "purpose", purpose.name())));
        } catch (SmsProvider.OutcomeUnknownException e) {
            return unknown(request, e);
        } catch (RuntimeException e) {
            replyBudgets.refund(purpose, key, to.country(), policy, spentAt);
            if (e instanceof SmsProvider.ThrottledException) {
                return deferred(request, SendOutcome.DeferReason.THROTTLED, Duration.ofSeconds(1));
            }
            throw e;
        }
        return switch (result) {
            case SmsProvider.Result.Sent sent -> {
                LOG.info("{} text sent to {} (request {}, message {})", purpose, to.masked(), request.requestId(),
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

    // ------------------------------------------------------------------ pacing

    /**
     * A slot in the shared bucket, waiting in this execution while the wait ends before {@code deadline};
     * otherwise the wait, for the message to come back later. A reply also waits while codes are queued
     * ({@link #waitForQueuedCodes}), asked again before each try.
     */
    private SendPacer.Reservation pace(OutboundSms.Kind kind, int parts, Instant deadline) {
        while (true) {
            if (kind == OutboundSms.Kind.TEXT) {
                Optional<SendPacer.Reservation.Wait> behind = waitForQueuedCodes(deadline);
                if (behind.isPresent()) {
                    return behind.get();
                }
            }
            Instant now = clock.instant();
            Duration room = Duration.between(now, deadline);
            SendPacer.Reservation reservation = pacer.reserve(kind, parts, now, room.isNegative() ? Duration.ZERO : room);
            if (reservation instanceof SendPacer.Reservation.Wait wait) {
                Duration step = wait.retryAfter().compareTo(Duration.ofSeconds(1)) < 0 ? wait.retryAfter() : Duration.ofSeconds(1);
                if (step.compareTo(Duration.between(now, deadline)) >= 0) {
                    return wait;
                }
                pause.until(now.plus(step));
                if (!clock.instant().isAfter(now)) {
                    return wait; // Waiting did not move time (a stopped clock): put it back rather than spin.
                }
                continue;
            }
            return reservation;
        }
    }

    /**
     * While codes are queued, a reply waits as long as they take at the rate, asked again only then, and out to the
     * deadline when they outlast it (a put-back sooner would only raise the receive count, and with it the back-off
     * floor, so the reply would come back late once the codes are gone); empty once none are queued.
     */
    private Optional<SendPacer.Reservation.Wait> waitForQueuedCodes(Instant deadline) {
        while (true) {
            Instant now = clock.instant();
            long queuedCodes = queues.codesQueued(now);
            if (queuedCodes == 0) {
                return Optional.empty();
            }
            SendPacer.Reservation.Wait wait = new SendPacer.Reservation.Wait(atLeastASecond(pacer.timeFor(queuedCodes)),
                    SendOutcome.DeferReason.CODES_FIRST);
            Duration step = wait.retryAfter();
            Duration left = Duration.between(now, deadline);
            if (step.compareTo(left) >= 0) {
                if (left.compareTo(Duration.ofSeconds(1)) <= 0) {
                    return Optional.of(wait);
                }
                step = left.minusSeconds(1);
            }
            pause.until(now.plus(step));
            if (!clock.instant().isAfter(now)) {
                return Optional.of(wait); // Waiting did not move time (a stopped clock): put it back rather than spin.
            }
        }
    }

    /** A STOP/START/HELP confirmation is owed however late it is; a courtesy reply this late only confuses. */
    private boolean stale(OutboundSms request, Instant now) {
        return !request.purpose().compliance() && !now.isBefore(request.requestedAt().plus(staleReply));
    }

    private static Duration atLeastASecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    // ------------------------------------------------------------------ helpers

    private SendOutcome notSent(OutboundSms request, SendOutcome.Reason reason, PhoneNumber to) {
        if (reason != SendOutcome.Reason.PROVIDER_REJECTED) {
            LOG.info("{} for {} not sent: reason={} request={}", request.kind(), to.masked(), reason, request.requestId());
        }
        metrics.count("SmsNotSent", Map.of("Kind", request.kind().name(), "Reason", reason.name()));
        return new SendOutcome.NotSent(request.kind(), reason);
    }

    private SendOutcome deferred(OutboundSms request, SendOutcome.DeferReason reason, Duration retryAfter) {
        LOG.info("{} request {} put back for later: reason={} retryAfter={}ms", request.kind(), request.requestId(), reason,
                retryAfter.toMillis());
        metrics.count("SmsSendDeferred", Map.of("Kind", request.kind().name(), "Reason", reason.name()));
        return new SendOutcome.Deferred(request.kind(), reason, retryAfter);
    }

    private SendOutcome unknown(OutboundSms request, SmsProvider.OutcomeUnknownException e) {
        LOG.warn("{} request {} outcome UNKNOWN: {} (not sent again)", request.kind(), request.requestId(), e.getMessage());
        metrics.count("SmsSendUnknown", "Kind", request.kind().name());
        return new SendOutcome.Unknown(request.kind());
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
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                // The lease runs out on its own; the redelivery then finds the claim free.
                LOG.warn("claim {} not released: {}", key, e.getClass().getSimpleName());
            }
        }
    }
}
