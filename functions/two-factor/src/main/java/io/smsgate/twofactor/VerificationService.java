package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.Window;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Counters;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting and checking verifications.
 *
 * <p><b>Start</b> never looks at PhoneLinksTable: the answer, and the work done to give it, are the same
 * whether or not the number belongs to an account. It reads the country policy (codes by SMS allowed
 * there?) and peeks at the budgets, then either creates a verification and asks SendSmsFunction for a
 * code, or, when one is pending for the same number, purpose and account, asks for the code again
 * (Twilio's rule: at most 5 sends, 30 s apart; the same id and expiry are returned). A verification
 * that was locked by wrong codes blocks new starts until it expires. If the API died between storing a
 * request and publishing it, the next start publishes that same request again (SendSmsFunction dedupes
 * on its id), so a lost publish costs a cooldown, not a send.
 *
 * <p><b>Check</b> counts every attempt against the verification (5) and against the number's day
 * (100), compares in constant time against the stored HMAC, and approves at most once. For LINK_PHONE
 * the link is made after approval; the code is kept until the link exists, so a crash in between is
 * finished by the caller's retry.
 */
final class VerificationService {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationService.class);
    private static final int RACE_RETRIES = 3;
    private static final String NO_CODE = "no-code-was-sent-for-this-verification";

    private final Verifications verifications;
    private final CountryPolicies policies;
    private final Budgets budgets;
    private final Counters counters;
    private final PhoneLinks phoneLinks;
    private final Topic<OutboundSms> outbound;
    private final KeyRing keys;
    private final TwoFactorLimits limits;
    private final Metrics metrics;
    private final Clock clock;
    private final Supplier<String> ids;

    VerificationService(Verifications verifications, CountryPolicies policies, Budgets budgets, Counters counters,
                        PhoneLinks phoneLinks, Topic<OutboundSms> outbound, KeyRing keys, TwoFactorLimits limits,
                        Metrics metrics, Clock clock, Supplier<String> ids) {
        this.verifications = verifications;
        this.policies = policies;
        this.budgets = budgets;
        this.counters = counters;
        this.phoneLinks = phoneLinks;
        this.outbound = outbound;
        this.keys = keys;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = ids;
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
        String startKey = Verification.startKey(phoneKey, request.purpose(), request.accountId());
        Optional<String> latestId = verifications.latest(startKey);
        Optional<Verification> latest = latestId.flatMap(verifications::find);
        if (latest.isPresent() && !latest.get().expired(now) && latest.get().state() != Verification.State.APPROVED) {
            return again(latest.get(), applicable, number, now);
        }
        Optional<Budgets.Budget> spent = budgets.peek(phoneKey, number.country(), applicable, now);
        if (spent.isPresent()) {
            return refuseBudget(spent.get(), number, request.purpose(), now);
        }
        Verification fresh = Verification.start(ids.get(), keys.seal(number), number.country().value(), request.purpose(),
                request.accountId(), request.locale(), now, limits);
        if (!verifications.create(fresh, latestId.orElse(null))) {
            // Another start for the same number and purpose won the race a moment ago.
            return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, request.purpose());
        }
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, fresh.id())) {
            publish(fresh, 1, now);
            LOG.info("verification started: {} for {} ({}), code requested", request.purpose(), number.masked(), number.country());
            metrics.count("VerificationStarted", Map.of("Purpose", request.purpose().name(), "Send", "first"));
        }
        return new StartOutcome.Started(fresh.id(), fresh.expiresAt());
    }

    /** A start while a verification for the same number, purpose and account is pending: a resend. */
    private StartOutcome again(Verification v, CountryPolicy policy, PhoneNumber number, Instant now) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, v.id())) {
            Duration untilExpiry = Duration.between(now, v.expiresAt());
            if (v.state() == Verification.State.LOCKED) {
                return refuse(ApiRejection.VERIFICATION_LOCKED, untilExpiry, number, v.purpose());
            }
            Instant cooldownEnds = v.requestedAt().plus(limits.resendCooldown());
            if (now.isBefore(cooldownEnds)) {
                return refuse(ApiRejection.RESEND_COOLDOWN, Duration.between(now, cooldownEnds), number, v.purpose());
            }
            Instant edge = now.minus(limits.resendCooldown());
            if (v.handled() < v.requested()) {
                // The last request was never finished: it may have been lost between our write and the publish.
                if (!verifications.requestAgain(v, now, edge)) {
                    return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, v.purpose());
                }
                publish(v, v.requested(), now);
                LOG.info("verification restarted: request {} for {} published again", v.requested(), number.masked());
                metrics.count("VerificationStarted", Map.of("Purpose", v.purpose().name(), "Send", "republished"));
                return new StartOutcome.Started(v.id(), v.expiresAt());
            }
            if (v.requested() >= limits.maxSends()) {
                return refuse(ApiRejection.MAX_SENDS_REACHED, untilExpiry, number, v.purpose());
            }
            Optional<Budgets.Budget> spent = budgets.peek(v.phoneKey(), number.country(), policy, now);
            if (spent.isPresent()) {
                return refuseBudget(spent.get(), number, v.purpose(), now);
            }
            if (!verifications.requestSend(v, now, edge, limits.maxSends())) {
                return refuse(ApiRejection.RESEND_COOLDOWN, limits.resendCooldown(), number, v.purpose());
            }
            publish(v, v.requested() + 1, now);
            LOG.info("verification restarted: code {} of {} requested for {}", v.requested() + 1, limits.maxSends(), number.masked());
            metrics.count("VerificationStarted", Map.of("Purpose", v.purpose().name(), "Send", "resend"));
            return new StartOutcome.Started(v.id(), v.expiresAt());
        }
    }

    private void publish(Verification v, int requestNumber, Instant now) {
        outbound.publish(new OutboundSms(OutboundSms.TYPE, OutboundSms.VERSION, v.requestId(requestNumber),
                OutboundSms.Kind.CODE, OutboundSms.Purpose.VERIFICATION_CODE, v.recipient(), v.country(), null, v.id(),
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

    CheckOutcome check(String id, String code) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, id)) {
            Instant now = clock.instant();
            Optional<Verification> found = verifications.find(id);
            if (found.isEmpty()) {
                return notFound();
            }
            Verification v = found.get();
            if (v.state() == Verification.State.APPROVED) {
                return v.linkPending() ? finishInterruptedLink(v, code, now) : notFound();
            }
            if (!v.open(now)) {
                return closed(v, now);
            }
            String dayKey = "checks#number#" + v.phoneKey() + "#" + Window.DAY.id(now);
            if (!counters.incrementIfBelow(dayKey, limits.maxChecksPerNumberPerDay(), Window.DAY.end(now).plus(Duration.ofHours(1)))) {
                verifications.lock(v);
                LOG.warn("check refused: reason=NUMBER_DAILY_CHECKS ({} a day) for {}", limits.maxChecksPerNumberPerDay(), v.country());
                return answer(v, CheckOutcome.Status.LOCKED, 0);
            }
            for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
                boolean right = keys.matches(Verification.CODE_DIGEST_PURPOSE, id, code,
                        v.codeDigest() == null ? keys.digest(Verification.CODE_DIGEST_PURPOSE, id, NO_CODE) : v.codeDigest())
                        && v.codeDigest() != null;
                if (right) {
                    boolean link = v.purpose() == VerificationPurpose.LINK_PHONE;
                    if (verifications.approve(v, now, link)) {
                        if (link) {
                            createLink(v, now);
                        }
                        return answer(v, CheckOutcome.Status.APPROVED, limits.maxChecks() - v.checks() - 1);
                    }
                } else {
                    int after = v.checks() + 1;
                    boolean lock = after >= limits.maxChecks();
                    if (verifications.countWrongCheck(v, lock, now)) {
                        return lock ? answer(v, CheckOutcome.Status.LOCKED, 0)
                                : answer(v, CheckOutcome.Status.PENDING, limits.maxChecks() - after);
                    }
                }
                // A concurrent check or send changed the verification: decide again on what it is now.
                Optional<Verification> again = verifications.find(id);
                if (again.isEmpty()) {
                    return notFound();
                }
                v = again.get();
                if (!v.open(now)) {
                    return v.state() == Verification.State.APPROVED ? notFound() : closed(v, now);
                }
            }
            throw new TransientFaultException("verification " + id + " kept changing during the check");
        }
    }

    private CheckOutcome closed(Verification v, Instant now) {
        return v.expired(now) ? answer(v, CheckOutcome.Status.EXPIRED, 0) : answer(v, CheckOutcome.Status.LOCKED, 0);
    }

    /** Approved, but the API stopped before the link was made: the same code finishes it. */
    private CheckOutcome finishInterruptedLink(Verification v, String code, Instant now) {
        if (v.codeDigest() == null || !keys.matches(Verification.CODE_DIGEST_PURPOSE, v.id(), code, v.codeDigest())) {
            return notFound();
        }
        createLink(v, now);
        return answer(v, CheckOutcome.Status.APPROVED, Math.max(0, limits.maxChecks() - v.checks()));
    }

    private void createLink(Verification v, Instant now) {
        PhoneNumber number = keys.open(v.recipient());
        phoneLinks.link(v.phoneKey(), v.accountId(), number, now);
        verifications.finishLink(v.id());
        LOG.info("phone {} linked to account {} (SMS posting off)", number.masked(), v.accountId());
        metrics.count("PhoneLinked", Map.of("Country", number.country().value()));
    }

    private CheckOutcome answer(Verification v, CheckOutcome.Status status, int attemptsLeft) {
        LOG.info("check of {} verification: {} ({} attempts left)", v.purpose(), status, attemptsLeft);
        metrics.count("VerificationChecked", Map.of("Status", status.name()));
        return new CheckOutcome.Answered(status, Math.max(0, attemptsLeft));
    }

    private CheckOutcome notFound() {
        LOG.info("check refused: reason=VERIFICATION_NOT_FOUND (unknown, expired long ago, or already used)");
        metrics.count("VerificationChecked", Map.of("Status", "NOT_FOUND"));
        return new CheckOutcome.NotFound();
    }
}
