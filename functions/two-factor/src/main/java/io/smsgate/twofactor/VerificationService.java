package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.domain.Window;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting, checking and reading verifications, and unlocking a number.
 *
 * <p><b>Start</b> never looks at PhoneLinksTable: the answer, and the work done to give it, are the same
 * whether or not the number belongs to an account. It reads the country policy (codes by SMS allowed
 * there?), peeks at the budgets and reads the number's failed checks in a row; for LOGIN and
 * PASSWORD_RESET it asks the SIM-swap signal where the policy says so. Then it either creates a
 * verification and asks SendSmsFunction for a code, or, when one is pending for the same number,
 * purpose, account and session, asks for the code again (Twilio's rule: at most 5 sends, 30 s apart;
 * the same id and expiry are returned). A start with another session gets a verification of its own:
 * one requester's pending verification is never handed to another. A number at its failed-check limit,
 * or a SIM swap the policy refuses, still gets the same 202, but its verification records why
 * (NUMBER_LOCKED, SIM_SWAP_SUSPECTED) and no code is asked for. If the API died between storing a
 * request and publishing it, the next start publishes that same request again (SendSmsFunction dedupes
 * on its id), so a lost publish costs a cooldown, not a send.
 *
 * <p><b>Check</b> must name the verification's purpose, account and session, or it is answered like an
 * unknown id. Each comparison first reserves an attempt on the number ({@link CheckFailures}: at most
 * 100 failed in a row over all its verifications, no time reset), counts against the verification (5),
 * compares in constant time against the stored HMAC, and approves at most once; a success ends the
 * number's run. A repeat of the approving check within a minute answers APPROVED again, with no second
 * side effect. For LINK_PHONE the link is made after approval; the number is kept until the link
 * exists, so a crash in between is finished by the caller's retry (before the verification expires).
 */
final class VerificationService {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationService.class);
    private static final int RACE_RETRIES = 3;
    private static final String NO_CODE = "no-code-was-sent-for-this-verification";

    private final Verifications verifications;
    private final StartReads startReads;
    private final CheckFailures failures;
    private final CountryPolicies policies;
    private final Budgets budgets;
    private final PhoneLinks phoneLinks;
    private final SimSwapSignal simSwap;
    private final Topic<OutboundSms> outbound;
    private final Topic<SecurityEvent> securityEvents;
    private final PumpingGuard pumping;
    private final Topic<MessageFeedback> feedback;
    private final KeyRing keys;
    private final TwoFactorLimits limits;
    private final String unlinkedText;
    private final Metrics metrics;
    private final Clock clock;
    private final Supplier<String> ids;

    VerificationService(Verifications verifications, StartReads startReads, CheckFailures failures, CountryPolicies policies,
                        Budgets budgets,
                        PhoneLinks phoneLinks, SimSwapSignal simSwap, Topic<OutboundSms> outbound,
                        Topic<SecurityEvent> securityEvents, PumpingGuard pumping, Topic<MessageFeedback> feedback, KeyRing keys,
                        TwoFactorLimits limits, String brand, Metrics metrics, Clock clock, Supplier<String> ids) {
        this.verifications = verifications;
        this.startReads = startReads;
        this.failures = failures;
        this.policies = policies;
        this.budgets = budgets;
        this.phoneLinks = phoneLinks;
        this.simSwap = simSwap;
        this.outbound = outbound;
        this.securityEvents = securityEvents;
        this.pumping = pumping;
        this.feedback = feedback;
        this.keys = keys;
        this.limits = limits;
        this.unlinkedText = unlinkedText(brand);
        this.metrics = metrics;
        this.clock = clock;
        this.ids = ids;
    }

    /** What the previous number of a replaced link is told: that it was unlinked, and nothing about the account. */
    static String unlinkedText(String brand) {
        return brand + ": this number was unlinked from your account. If you did not expect this, check your account's"
                + " security settings.";
    }

    /** 128 random bits, URL-safe: 22 characters. */
    static Supplier<String> randomIds(SecureRandom random) {
        return () -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    // ------------------------------------------------------------------ start

    StartOutcome start(StartRequest request) {
        Instant now = clock.instant();
        PhoneNumber number = request.phone();
        PolicySet policy = policies.forCountry(number.country());
        if (!policy.twoFactorAllowed()) {
            return refuse(ApiRejection.COUNTRY_NOT_ALLOWED, null, number, request.purpose());
        }
        CountryPolicy applicable = policy.applicable().orElseThrow();
        String phoneKey = keys.phoneKey(number);
        String session = sessionDigest(phoneKey, request.session());
        String startKey = Verification.startKey(phoneKey, request.purpose(), request.accountId());
        // One request for the pointer, the failed checks, the budgets and the pumping windows.
        StartReads.Facts facts = startReads.read(startKey, phoneKey, budgets.keys(phoneKey, number.country(), applicable, now),
                PumpingGuard.scopes(number, applicable), now);
        Optional<String> latestId = facts.latestId();
        Optional<Verification> latest = latestId.flatMap(verifications::find);
        Optional<Verification> reusable = latest.filter(v -> !v.expired(now) && v.state() != Verification.State.APPROVED
                && v.boundTo(request.purpose(), request.accountId(), session));
        if (reusable.isPresent() && !(reusable.get().state() == Verification.State.NUMBER_LOCKED && !isNumberLocked(facts))) {
            return again(reusable.get(), applicable, number, now, facts);
        }
        // No pending verification of this requester (another session's stays theirs), or the number was unlocked.
        Optional<Budgets.Budget> spent = budgets.peek(phoneKey, number.country(), applicable, now, facts::count);
        if (spent.isPresent()) {
            return refuseBudget(spent.get(), number, request.purpose(), now);
        }
        Optional<Verification.State> stop = stop(number, request.purpose(), applicable, facts, now);
        String id = ids.get();
        Verification fresh = Verification.start(id, keys.seal(number, SealContext.verification(id)), number.country().value(),
                request.purpose(),
                request.accountId(), request.locale(), session, stop.orElse(Verification.State.PENDING), now, limits);
        if (!verifications.create(fresh, latestId.orElse(null))) {
            // Another start for the same number and purpose won the race a moment ago.
            return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, request.purpose());
        }
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, fresh.id())) {
            if (stop.isPresent()) {
                stopped(fresh, stop.get(), now);
            } else {
                publish(fresh, 1, now);
                LOG.info("verification started: {} for {} ({}), code requested", request.purpose(), number.masked(), number.country());
                metrics.countBy("VerificationStarted", Map.of("Purpose", request.purpose().name(), "Send", "first"),
                        "Country", number.country().value());
            }
        }
        return new StartOutcome.Started(fresh.id(), fresh.expiresAt());
    }

    /**
     * SnapStart priming of a start's first half, which writes nothing: the policy, the phone key, the one read a start
     * makes (for {@code sample}'s items, only read) and the budgets' and the failed checks' arithmetic on its answer. Not
     * the pumping guard: its verdict may trip a throttle, which is a write.
     */
    void primeStart(PhoneNumber sample, VerificationPurpose purpose) {
        Instant now = clock.instant();
        Optional<CountryPolicy> applicable = policies.forCountry(sample.country()).applicable();
        if (applicable.isEmpty()) {
            return;
        }
        String phoneKey = keys.phoneKey(sample);
        StartReads.Facts facts = startReads.read(Verification.startKey(phoneKey, purpose, "priming"), phoneKey,
                budgets.keys(phoneKey, sample.country(), applicable.get(), now), PumpingGuard.scopes(sample, applicable.get()), now);
        budgets.peek(phoneKey, sample.country(), applicable.get(), now, facts::count);
        isNumberLocked(facts);
    }

    /**
     * Why no code may go to this number now, if a reason there is: its failed checks in a row, the
     * pumping guard's throttle on its prefix or country, or (LOGIN, PASSWORD_RESET, where the policy asks
     * and a provider is configured) a recent SIM swap. All are asked every time, so the work does not
     * depend on any answer.
     */
    private Optional<Verification.State> stop(PhoneNumber number, VerificationPurpose purpose, CountryPolicy applicable,
                                              StartReads.Facts facts, Instant now) {
        boolean locked = isNumberLocked(facts);
        boolean pumped = pumping.throttled(number, applicable, now, facts.windows()).isPresent();
        boolean swapped = false;
        if (purpose != VerificationPurpose.LINK_PHONE && applicable.simSwapCheck().asks() && simSwap.configured()) {
            SimSwapStatus status = simSwap.check(number, applicable.simSwapMaxAgeHours());
            swapped = applicable.simSwapCheck().refuses(status);
            metrics.count("SimSwapChecked", Map.of("Status", status.name(), "Refused", Boolean.toString(swapped)));
        }
        if (swapped) {
            return Optional.of(Verification.State.SIM_SWAP_SUSPECTED);
        }
        if (pumped) {
            return Optional.of(Verification.State.PUMPING_SUSPECTED);
        }
        return locked ? Optional.of(Verification.State.NUMBER_LOCKED) : Optional.empty();
    }

    private boolean isNumberLocked(String phoneKey) {
        return failures.current(phoneKey).atLeast(limits.maxFailedChecksPerNumber());
    }

    private boolean isNumberLocked(StartReads.Facts facts) {
        return facts.failures().atLeast(limits.maxFailedChecksPerNumber());
    }

    /** A verification for which no code is sent: logged, counted, and for a SIM swap the owner is told. */
    private void stopped(Verification v, Verification.State why, Instant now) {
        LOG.info("verification {}: no code requested, reason={}", v.purpose(), why);
        metrics.count("VerificationSuppressed", Map.of("Purpose", v.purpose().name(), "Reason", why.name()));
        if (why == Verification.State.SIM_SWAP_SUSPECTED) {
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.SimSwapSuspected,
                    SecurityEvent.idFor(SecurityEvent.Type.SimSwapSuspected, v.id()), v.accountId(), v.country(), now,
                    List.of(), "CODE", v.id()));
        }
    }

    /** A start while a verification for the same number, purpose, account and session is pending: a resend. */
    private StartOutcome again(Verification v, CountryPolicy policy, PhoneNumber number, Instant now, StartReads.Facts facts) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, v.id())) {
            Duration untilExpiry = Duration.between(now, v.expiresAt());
            if (v.state() == Verification.State.LOCKED) {
                return refuse(ApiRejection.VERIFICATION_LOCKED, untilExpiry, number, v.purpose());
            }
            Instant cooldownEnds = v.requestedAt().plus(limits.resendCooldown());
            if (now.isBefore(cooldownEnds)) {
                return refuse(ApiRejection.RESEND_COOLDOWN, Duration.between(now, cooldownEnds), number, v.purpose());
            }
            if (v.state().suppressed()) {
                // Nothing is sent for it; the answer is a resend's.
                return new StartOutcome.Started(v.id(), v.expiresAt());
            }
            Optional<Verification.State> stop = stop(number, v.purpose(), policy, facts, now);
            if (stop.isPresent()) {
                if (verifications.suppress(v, stop.get())) {
                    stopped(v, stop.get(), now);
                }
                return new StartOutcome.Started(v.id(), v.expiresAt());
            }
            Instant edge = now.minus(limits.resendCooldown());
            if (v.handled() < v.requested()) {
                // The last request was never finished: it may have been lost between our write and the publish.
                if (!verifications.requestAgain(v, now, edge)) {
                    return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, v.purpose());
                }
                publish(v, v.requested(), now);
                LOG.info("verification restarted: request {} for {} published again", v.requested(), number.masked());
                metrics.countBy("VerificationStarted", Map.of("Purpose", v.purpose().name(), "Send", "republished"), "Country", v.country());
                return new StartOutcome.Started(v.id(), v.expiresAt());
            }
            if (v.requested() >= limits.maxSends()) {
                return refuse(ApiRejection.MAX_SENDS_REACHED, untilExpiry, number, v.purpose());
            }
            Optional<Budgets.Budget> spent = budgets.peek(v.phoneKey(), number.country(), policy, now, facts::count);
            if (spent.isPresent()) {
                return refuseBudget(spent.get(), number, v.purpose(), now);
            }
            if (!verifications.requestSend(v, now, edge, limits.maxSends())) {
                return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, v.purpose());
            }
            publish(v, v.requested() + 1, now);
            LOG.info("verification restarted: code {} of {} requested for {}", v.requested() + 1, limits.maxSends(), number.masked());
            metrics.countBy("VerificationStarted", Map.of("Purpose", v.purpose().name(), "Send", "resend"), "Country", v.country());
            return new StartOutcome.Started(v.id(), v.expiresAt());
        }
    }

    private void publish(Verification v, int requestNumber, Instant now) {
        String requestId = v.requestId(requestNumber);
        SealedNumber recipient = keys.reseal(v.recipient(), SealContext.verification(v.id()), SealContext.outbound(requestId));
        outbound.publish(new OutboundSms(OutboundSms.TYPE, OutboundSms.VERSION, requestId,
                OutboundSms.Kind.CODE, OutboundSms.Purpose.VERIFICATION_CODE, recipient, v.country(), null, v.id(),
                v.locale(), v.id(), now));
    }

    private StartOutcome refuseBudget(Budgets.Budget budget, PhoneNumber number, VerificationPurpose purpose, Instant now) {
        Instant renews = budget == Budgets.Budget.GLOBAL_DAILY ? Window.DAY.end(now) : Window.HOUR.end(now);
        LOG.info("budget {} spent for {} ({})", budget, number.masked(), number.country());
        return refuse(ApiRejection.BUDGET_EXHAUSTED, Duration.between(now, renews), number, purpose);
    }

    private StartOutcome refuse(ApiRejection reason, Duration retryAfter, PhoneNumber number, VerificationPurpose purpose) {
        LOG.info("verification not started: reason={} purpose={} number={}", reason, purpose, number.masked());
        metrics.count("VerificationRefused", "Reason", reason.name());
        return new StartOutcome.Refused(reason, retryAfter);
    }

    // ------------------------------------------------------------------ check

    CheckOutcome check(String id, CheckRequest request) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, id)) {
            Instant now = clock.instant();
            Optional<Verification> found = verifications.find(id);
            if (found.isEmpty()) {
                return notFound("VERIFICATION_NOT_FOUND");
            }
            Verification v = found.get();
            if (!v.boundTo(request.purpose(), request.accountId(), sessionDigest(v.phoneKey(), request.session()))) {
                // Another purpose, account or session than the start's: the answer of an unknown id, nothing counted.
                return notFound("BINDING_MISMATCH");
            }
            if (v.state() == Verification.State.APPROVED) {
                return v.linkPending() ? finishInterruptedLink(v, request.code(), now) : repeatedApproval(v, request.code(), now);
            }
            if (!v.open(now)) {
                return closed(v, now);
            }
            Optional<CheckFailures.Run> run = failures.reserve(v.phoneKey(), limits.maxFailedChecksPerNumber(), now);
            if (run.isEmpty()) {
                return numberLocked(v, now);
            }
            for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
                if (rightCode(v, request.code())) {
                    boolean link = v.purpose() == VerificationPurpose.LINK_PHONE;
                    Optional<Converted> converted = converted(v);
                    // The approval, the end of the number's run and the conversion count: one write.
                    Verifications.Approval approval = verifications.approve(v, now, link,
                            converted.map(Converted::scopes).orElse(List.of()));
                    if (approval != Verifications.Approval.REFUSED) {
                        if (approval == Verifications.Approval.APPROVED_ALONE) {
                            failures.reset(v.phoneKey(), now);
                            converted.ifPresent(c -> countConversion(c.number(), now));
                        }
                        confirmReceived(v, now);
                        if (link) {
                            createLink(v, now);
                        }
                        return answer(v, CheckOutcome.Status.APPROVED, limits.maxChecks() - v.checks() - 1);
                    }
                } else {
                    int after = v.checks() + 1;
                    boolean lock = after >= limits.maxChecks();
                    if (verifications.countWrongCheck(v, lock, now)) {
                        if (run.get().atLeast(limits.maxFailedChecksPerNumber())) {
                            // This was the number's last allowed failure in a row.
                            return numberLocked(v, now);
                        }
                        return lock ? answer(v, CheckOutcome.Status.LOCKED, 0)
                                : answer(v, CheckOutcome.Status.PENDING, limits.maxChecks() - after);
                    }
                }
                // A concurrent check or send changed the verification: decide again on what it is now.
                Optional<Verification> again = verifications.find(id);
                if (again.isEmpty()) {
                    return notFound("VERIFICATION_NOT_FOUND");
                }
                v = again.get();
                if (!v.open(now)) {
                    return v.state() == Verification.State.APPROVED ? notFound("ALREADY_APPROVED") : closed(v, now);
                }
            }
            throw new TransientFaultException("verification " + id + " kept changing during the check");
        }
    }

    /**
     * The number the code went to, for counting its conversion (the pumping guard's prefix and country),
     * or empty: no number kept, or one that cannot be opened or placed (logged and counted: a conversion
     * count never fails a check).
     */
    private Optional<Converted> converted(Verification v) {
        if (v.recipient() == null) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = keys.open(v.recipient(), SealContext.verification(v.id()));
            return Optional.of(new Converted(number, pumping.scopes(number)));
        } catch (RuntimeException e) {
            LOG.warn("approving, but the conversion cannot be counted: {}", e.getClass().getSimpleName());
            metrics.count("ConversionCountFailed", Map.of("Outcome", "APPROVED"));
            return Optional.empty();
        }
    }

    /** A code's number and the pumping guard's scopes it counts in. */
    private record Converted(PhoneNumber number, List<ConversionCounters.Scope> scopes) {
    }

    /** The conversion counted on its own (when the approval's one write could not include it); never fails the check. */
    private void countConversion(PhoneNumber number, Instant now) {
        try {
            pumping.approved(number, now);
        } catch (RuntimeException e) {
            LOG.warn("approved, but counting the conversion failed: {}", e.getClass().getSimpleName());
            metrics.count("ConversionCountFailed", Map.of("Outcome", "APPROVED"));
        }
    }

    /**
     * A code was entered: End User Messaging is to be told ({@code PutMessageFeedback} RECEIVED) so its own
     * fraud model learns. The door out tells it: a {@link MessageFeedback} for the code's message id goes
     * to OutboundSmsTopic, published after the approval's write as a start publishes its code request
     * (SNS cannot join the transaction), so the check never waits on End User Messaging. The publish may
     * not undo or fail the approval: if it fails (after the SDK's retries), it is logged with a reason
     * code and counted ({@code MessageFeedbackNotPublished}), and End User Messaging records the message
     * as FAILED an hour later; nothing the user sees depends on it. A code whose send outcome was UNKNOWN
     * has no message id: nothing to report.
     */
    private void confirmReceived(Verification v, Instant now) {
        if (v.messageId() == null) {
            return;
        }
        try {
            feedback.publish(MessageFeedback.received(v.messageId(), v.id(), v.country(), now));
            LOG.info("approved: feedback RECEIVED for message {} handed to the door out", v.messageId());
        } catch (RuntimeException e) {
            LOG.warn("approved, but feedback for message {} was not published: reason=FEEDBACK_NOT_PUBLISHED ({})", v.messageId(),
                    e.getClass().getSimpleName());
            metrics.count("MessageFeedbackNotPublished", Map.of("Status", MessageFeedback.Status.RECEIVED.name()));
        }
    }

    private boolean rightCode(Verification v, String code) {
        return keys.matches(Verification.CODE_DIGEST_PURPOSE, v.id(), code,
                v.codeDigest() == null ? keys.digest(Verification.CODE_DIGEST_PURPOSE, v.id(), NO_CODE) : v.codeDigest())
                && v.codeDigest() != null;
    }

    /**
     * The number has had its failed checks in a row: this verification stops (NUMBER_LOCKED, if it was
     * still pending), and the lock is announced once per run ({@code VerificationLocked}).
     */
    private CheckOutcome numberLocked(Verification v, Instant now) {
        if (v.state() == Verification.State.PENDING) {
            verifications.suppress(v, Verification.State.NUMBER_LOCKED);
        }
        CheckFailures.Run run = failures.current(v.phoneKey());
        if (run.atLeast(limits.maxFailedChecksPerNumber()) && !run.announced() && run.run() != null) {
            // The owner is told; the account is the verification's, else the number's link (read only here).
            String account = v.accountId() != null ? v.accountId()
                    : phoneLinks.find(v.phoneKey()).map(PhoneLink::accountId).orElse(null);
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.VerificationLocked,
                    SecurityEvent.idFor(SecurityEvent.Type.VerificationLocked, v.phoneKey(), run.run()), account, v.country(),
                    now, List.of(), "FAILED_CHECKS", v.id()));
            failures.announce(v.phoneKey(), run.run());
            LOG.warn("number locked: reason=FAILED_CHECKS ({} in a row) for {}", limits.maxFailedChecksPerNumber(), v.country());
            metrics.count("NumberLocked", Map.of("Country", v.country()));
        } else {
            LOG.info("check refused: reason=NUMBER_LOCKED for {}", v.country());
        }
        return answer(v, CheckOutcome.Status.LOCKED, 0);
    }

    private CheckOutcome closed(Verification v, Instant now) {
        return v.expired(now) ? answer(v, CheckOutcome.Status.EXPIRED, 0) : answer(v, CheckOutcome.Status.LOCKED, 0);
    }

    /**
     * The approving check again, shortly after (its answer lost, the backend retrying): the same code
     * for the same id answers APPROVED again, within {@link TwoFactorLimits#approvalRepeatWindow()}, and
     * nothing else happens. The comparison is reserved on the number like any other.
     */
    private CheckOutcome repeatedApproval(Verification v, String code, Instant now) {
        if (v.approvedAt() == null || v.codeDigest() == null || !now.isBefore(v.approvedAt().plus(limits.approvalRepeatWindow()))) {
            return notFound("ALREADY_APPROVED");
        }
        if (failures.reserve(v.phoneKey(), limits.maxFailedChecksPerNumber(), now).isEmpty()) {
            return notFound("NUMBER_LOCKED");
        }
        if (!keys.matches(Verification.CODE_DIGEST_PURPOSE, v.id(), code, v.codeDigest())) {
            return notFound("ALREADY_APPROVED");
        }
        failures.reset(v.phoneKey(), now);
        LOG.info("check repeated within {} s of the approval: APPROVED again, nothing else done",
                limits.approvalRepeatWindow().toSeconds());
        return answer(v, CheckOutcome.Status.APPROVED, limits.maxChecks() - v.checks());
    }

    /** Approved, but the API stopped before the link was made: the same code finishes it, before expiry. */
    private CheckOutcome finishInterruptedLink(Verification v, String code, Instant now) {
        if (v.expired(now)) {
            return answer(v, CheckOutcome.Status.EXPIRED, 0);
        }
        if (failures.reserve(v.phoneKey(), limits.maxFailedChecksPerNumber(), now).isEmpty()) {
            return numberLocked(v, now);
        }
        if (v.codeDigest() == null || !keys.matches(Verification.CODE_DIGEST_PURPOSE, v.id(), code, v.codeDigest())) {
            return notFound("ALREADY_APPROVED");
        }
        failures.reset(v.phoneKey(), now);
        createLink(v, now);
        return answer(v, CheckOutcome.Status.APPROVED, Math.max(0, limits.maxChecks() - v.checks()));
    }

    /**
     * Links the number (an identical existing link is kept as it is), tells the owners (PhoneLinked,
     * PhoneUnlinked for each link replaced) and texts a replaced previous number once. Every id is
     * derived from the verification, so a retry after a crash publishes the same ids (deduplicated).
     */
    private void createLink(Verification v, Instant now) {
        PhoneNumber number = keys.open(v.recipient(), SealContext.verification(v.id()));
        PhoneLinks.Linked linked = phoneLinks.link(v.phoneKey(), v.accountId(),
                keys.seal(number, SealContext.link(v.phoneKey())).sealed(), number.country().value(), now);
        // Unchanged and older than this verification: a number re-verified by its own account, nothing to announce.
        boolean ours = !linked.unchanged() || !linked.link().linkedAt().isBefore(v.createdAt());
        if (ours) {
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.PhoneLinked,
                    SecurityEvent.idFor(SecurityEvent.Type.PhoneLinked, v.id()), v.accountId(), v.country(), now, List.of(),
                    null, v.id()));
        }
        for (PhoneLink previous : linked.replaced()) {
            String eventId = SecurityEvent.idFor(SecurityEvent.Type.PhoneUnlinked, v.id(), previous.phoneKey(), previous.accountId());
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.PhoneUnlinked, eventId, previous.accountId(),
                    previous.country(), now, List.of(), "REPLACED", null));
            if (!previous.phoneKey().equals(v.phoneKey())) {
                // The account's previous number. (The same number moving to another account is not texted: that
                // would tell whoever links it that it was linked before.)
                // Its number is kept only sealed to its link; a link from before numbers were sealed is not told.
                if (previous.number().isEmpty()) {
                    LOG.info("previous number unlinked: not told (a link from before numbers were kept sealed)");
                    continue;
                }
                PhoneNumber old;
                try {
                    old = keys.open(previous.number().get(), SealContext.link(previous.phoneKey()));
                } catch (KeyRing.UnknownKeyException e) {
                    LOG.warn("previous number unlinked: not told (sealed with key {}, which the sealing secret no longer holds)", e.keyId());
                    continue;
                }
                String requestId = "PhoneUnlinked#" + eventId;
                outbound.publish(OutboundSms.text(requestId, OutboundSms.Purpose.PHONE_UNLINKED,
                        keys.seal(old, SealContext.outbound(requestId)),
                        CountryCode.of(previous.country()), unlinkedText, v.id(), now));
                LOG.info("previous number {} unlinked: told once", old.masked());
            }
        }
        verifications.finishLink(v.id());
        if (linked.unchanged()) {
            LOG.info("phone {} already linked to account {}: link kept as it is", number.masked(), v.accountId());
        } else {
            LOG.info("phone {} linked to account {} (SMS posting off), {} link(s) replaced", number.masked(), v.accountId(),
                    linked.replaced().size());
            metrics.count("PhoneLinked", Map.of("Country", number.country().value()));
        }
    }

    // ------------------------------------------------------------------ status, unlock

    /** {@code GET /verifications/{id}}: what became of it, for the backend; never the number or the code. */
    Optional<VerificationStatus> status(String id) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, id)) {
            Optional<Verification> found = verifications.find(id);
            if (found.isEmpty()) {
                LOG.info("status refused: reason=VERIFICATION_NOT_FOUND");
                return Optional.empty();
            }
            Verification v = found.get();
            boolean numberLocked = v.state() == Verification.State.PENDING && isNumberLocked(v.phoneKey());
            return Optional.of(VerificationStatus.of(v, numberLocked, clock.instant()));
        }
    }

    /**
     * {@code POST /numbers/unlock}: the backend saw a successful check through another factor; the
     * number's failed checks in a row end, and codes to it may go again. Idempotent; the same answer
     * whether or not the number was locked.
     */
    void unlock(PhoneNumber number) {
        failures.reset(keys.phoneKey(number), clock.instant());
        LOG.info("number {} unlocked by the backend (another factor succeeded)", number.masked());
        metrics.count("NumberUnlocked", Map.of("Country", number.country().value()));
    }

    private String sessionDigest(String phoneKey, String session) {
        return session == null ? null : keys.digest(Verification.SESSION_DIGEST_PURPOSE, phoneKey, session);
    }

    private CheckOutcome answer(Verification v, CheckOutcome.Status status, int attemptsLeft) {
        LOG.info("check of {} verification: {} ({} attempts left)", v.purpose(), status, attemptsLeft);
        metrics.countBy("VerificationChecked", Map.of("Status", status.name()), "Country", v.country());
        return new CheckOutcome.Answered(status, Math.max(0, attemptsLeft));
    }

    private CheckOutcome notFound(String reason) {
        LOG.info("check refused: reason={} (answered as an unknown id)", reason);
        metrics.count("VerificationChecked", Map.of("Status", "NOT_FOUND", "Reason", reason));
        return new CheckOutcome.NotFound();
    }
}
