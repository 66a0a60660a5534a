package io.smsgate.posting;

import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.domain.Window;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.Counters;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.ApprovedCommandReader;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.security.PinHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One approved POST or UNDO, start to end.
 *
 * <p>POST: a post that already exists for this text is a redelivery (its announcement is finished if
 * a crash interrupted it, nothing else happens). Otherwise the sender's number must be linked to an
 * account that turned SMS posting on, is not locked, is past the cooling-off period since the later of
 * the link and the last arming ({@link PhoneLink#postingAllowedFrom}), and has a PIN if one is
 * required; all of those failures get one generic reply, rate-limited per number. Then the SIM-swap
 * signal, where the policy asks for it (after the cheap link checks, so an unlinked or unarmed number
 * never costs a paid operator request, nor tells the operator which numbers are linked; before the PIN,
 * so whoever holds a swapped SIM never gets a guess judged nor spends the owner's guesses). Then the
 * PIN (when the policy or the account asks for one): the guess is reserved on the link first
 * ({@link PhoneLinks#reserveGuess}, at most {@code maxPinFailures} per run, once per text), then
 * judged. Then the text is checked (1-280 code points), the account's hourly posts counted, and the
 * post written with {@code published=false} in one transaction with a check that the link is still
 * as judged (unlocked, armed, the same PIN; a right PIN's run of guesses ends in that same write),
 * PostCreated published, and the post marked published: the post item is its own outbox.
 *
 * <p>UNDO needs no PIN: it can only ever remove the account's own SMS posts, newest received first,
 * and only within the undo window; a second UNDO removes the next one, a redelivered UNDO meets its
 * own tombstone and deletes nothing more.
 *
 * <p>The command is read by {@link ApprovedCommandReader}: only one with CountryPolicyFunction's MAC is
 * acted on (its policy facts are trusted because of it), and its sender and body open only for its own
 * inbound id. Bad input is logged with a reason code and counted; AWS faults propagate so Lambda retries.
 * Neither phone numbers, nor message texts, nor PINs are ever logged.
 */
final class PostingService {
    private static final Logger LOG = LoggerFactory.getLogger(PostingService.class);
    private static final Duration LOCK_NOTICE_MEMORY = Duration.ofDays(30);
    private static final Duration LOCK_NOTICE_LEASE = Duration.ofSeconds(30);
    /** How many of an account's latest posts an UNDO reads: more than can be posted within the undo window here. */
    static final int UNDO_LOOK_BACK = 25;

    private final PostingConfig config;
    private final PhoneLinks links;
    private final PostingReads reads;
    private final PostStore posts;
    private final Counters counters;
    private final Topic<PostEvent> postsTopic;
    private final Topic<OutboundSms> outbound;
    private final Topic<SecurityEvent> securityEvents;
    private final SimSwapSignal simSwap;
    private final PinCheck pins;
    private final KeyRing keys;
    private final ApprovedCommandReader reader;
    private final Metrics metrics;
    private final Clock clock;

    PostingService(PostingConfig config, PhoneLinks links, PostingReads reads, PostStore posts, Counters counters, Topic<PostEvent> postsTopic,
                   Topic<OutboundSms> outbound, Topic<SecurityEvent> securityEvents, SimSwapSignal simSwap, PinCheck pins,
                   KeyRing keys, Metrics metrics, Clock clock) {
        this.config = config;
        this.links = links;
        this.reads = reads;
        this.posts = posts;
        this.counters = counters;
        this.postsTopic = postsTopic;
        this.outbound = outbound;
        this.securityEvents = securityEvents;
        this.simSwap = simSwap;
        this.pins = pins;
        this.keys = keys;
        this.reader = new ApprovedCommandReader(keys);
        this.metrics = metrics;
        this.clock = clock;
    }

    PostingOutcome handle(String message, String snsMessageId) {
        ApprovedCommandReader.Accepted approved;
        switch (reader.read(message)) {
            case ApprovedCommandReader.Dropped dropped -> {
                return dropped(dropped, snsMessageId);
            }
            case ApprovedCommandReader.Accepted accepted -> approved = accepted;
        }
        ApprovedCommand command = approved.command();
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, command.inboundMessageId())) {
            return switch (command.command()) {
                case POST -> post(command, approved.sender(), approved.text());
                case UNDO -> undo(command);
                default -> dropped(command, Rejection.UNEXPECTED_COMMAND,
                        command.command() + " is not for PostingFunction (check the subscription's filter policy)");
            };
        }
    }

    // ------------------------------------------------------------------ POST

    private PostingOutcome post(ApprovedCommand command, PhoneNumber sender, String text) {
        Instant now = clock.instant();
        String postId = Post.idFor(command.inboundMessageId());
        // The post (a redelivery?) and the sender's link, in one request.
        PostingReads.Facts facts = reads.read(postId, command.sender().key());
        if (facts.post().isPresent()) {
            return redelivered(facts.post().get(), command);
        }

        Optional<PhoneLink> found = facts.link();
        Rejection unavailable = unavailable(found, command, now);
        if (unavailable != null) {
            if (unavailable == Rejection.LOCKED) {
                notifyLock(found.orElseThrow(), command);
            }
            return refuseGenerically(command, unavailable, now);
        }
        PhoneLink link = found.orElseThrow();

        if (simSwapRefuses(command, link, sender)) {
            return refuseGenerically(command, Rejection.SIM_SWAPPED, now);
        }

        String body = text;
        boolean pinPassed = false;
        String upgradedPinHash = null;
        if (command.postingAuth() == PostingAuth.PIN || link.hasPin()) {
            if (!PinHasher.isValidPin(PinCheck.split(body).candidate())) {
                // Not shaped like a PIN: not a guess, so nothing to reserve or judge.
                return refuse(command, Rejection.PIN_MISSING, PostingReplies.PIN_MISSING, now);
            }
            // Reserve the guess before judging it: at most maxPinFailures per run, a redelivery counted once.
            Optional<PhoneLink> reserved = links.reserveGuess(link.phoneKey(), command.inboundMessageId(), config.maxPinFailures());
            if (reserved.isEmpty()) {
                return guessRefused(command, link, now);
            }
            link = reserved.get();
            PinCheck.Result pin = pins.check(text, link.pinHash());
            if (!(pin instanceof PinCheck.Passed passed)) {
                return wrongPin(command, link, now);
            }
            pinPassed = true;
            upgradedPinHash = pins.upgradedHash(text, link.pinHash());
            body = passed.text();
        }

        String postText;
        switch (PostText.of(body, PostingConfig.MAX_POST_LENGTH)) {
            case PostText.Empty empty -> {
                endRun(link, pinPassed);
                return refuse(command, Rejection.EMPTY_TEXT, PostingReplies.EMPTY_TEXT, now);
            }
            case PostText.TooLong tooLong -> {
                endRun(link, pinPassed);
                return refuse(command, Rejection.TEXT_TOO_LONG,
                        PostingReplies.tooLong(tooLong.codePoints(), PostingConfig.MAX_POST_LENGTH), now);
            }
            case PostText.Valid valid -> postText = valid.text();
        }

        // Counted in the post's own write: once per post, however often its text is delivered.
        Counters.Limit hourly = new Counters.Limit("PostsPerHour#" + link.accountId() + "#" + Window.HOUR.id(now),
                command.maxPostsPerHourPerAccount(), Window.HOUR.end(now).plus(Duration.ofHours(1)));
        Post post = Post.create(link.accountId(), postText, command.country(), command.inboundMessageId(), command.receivedAt(),
                now.truncatedTo(ChronoUnit.MILLIS), link.confirmPosts());
        switch (posts.create(post, link, pinPassed, upgradedPinHash, hourly)) {
            case CREATED -> { }
            case RATE_LIMITED -> {
                endRun(link, pinPassed);
                return refuse(command, Rejection.RATE_LIMITED, PostingReplies.rateLimited(command.maxPostsPerHourPerAccount()), now);
            }
            case EXISTS -> {
                // Another delivery of the same text wrote it first: finish (or leave) its announcement.
                return redelivered(posts.find(postId).orElseThrow(() -> new TransientFaultException(
                        "post " + postId + " was written by another attempt but cannot be read yet")), command);
            }
            case LINK_CHANGED -> {
                // Locked, disarmed, re-armed or given a new PIN between the judgement and the write.
                return refuseGenerically(command, Rejection.LINK_CHANGED, now);
            }
        }
        announce(post, command);
        LOG.info("posted {} for account {} ({} code points, policy {}, confirmation {})", post.postId(), post.accountId(),
                postText.codePointCount(0, postText.length()), command.policyScope(), post.confirm() ? "requested" : "off");
        metrics.count("PostsCreated", "Country", command.country());
        return new PostingOutcome.Posted(post.postId());
    }

    /**
     * Why this account cannot post by text at all, or null. Every one of these gets the same reply
     * through the same steps, decided before any PIN check (a LOCKED link also has its lock notice
     * checked: one more read of a few milliseconds, lost in the seconds an SMS round trip takes), so
     * neither the reply nor its timing says which it was.
     */
    private Rejection unavailable(Optional<PhoneLink> found, ApprovedCommand command, Instant now) {
        if (found.isEmpty()) {
            return Rejection.NOT_LINKED;
        }
        PhoneLink link = found.get();
        if (link.locked()) {
            return Rejection.LOCKED;
        }
        if (!link.smsPosting()) {
            return Rejection.POSTING_OFF;
        }
        // From the later of the link and the last arming, judged by when the text was received: a text sent
        // inside the cooling-off never posts, however late it is processed (a retry, a redrive from the
        // dead-letter queue days later).
        Instant allowedFrom = link.postingAllowedFrom(config.coolingOff());
        if (command.receivedAt().isBefore(allowedFrom) || now.isBefore(allowedFrom)) {
            return Rejection.COOLING_OFF;
        }
        if (command.postingAuth() == PostingAuth.PIN && !link.hasPin()) {
            return Rejection.PIN_NOT_SET;
        }
        if (link.hasPin() && !PinHasher.isWellFormed(link.pinHash())) {
            // Before any guess is reserved: the owner's right PIN would count towards the lock.
            LOG.error("the stored PIN hash of account {}'s link is damaged; no PIN can match it until an operator clears it"
                    + " (docs/operations.md, PIN_RECORD_INVALID)", link.accountId());
            return Rejection.PIN_RECORD_INVALID;
        }
        return null;
    }

    /** Writes the announcement(s) of a written post, then marks it published: the outbox step. */
    private void announce(Post post, ApprovedCommand command) {
        postsTopic.publish(PostCreated.of(post));
        if (post.confirm()) {
            String requestId = post.inboundMessageId() + "#confirm";
            outbound.publish(OutboundSms.text(requestId, OutboundSms.Purpose.POST_CONFIRMATION,
                    recipient(command, requestId), CountryCode.of(post.country()), PostingReplies.posted(config.undoWindow()),
                    post.inboundMessageId(), clock.instant()));
        }
        posts.markPublished(post.postId());
    }

    private PostingOutcome redelivered(Post existing, ApprovedCommand command) {
        if (!existing.published() && !existing.deleted()) {
            announce(existing, command);
            LOG.info("post {} was written but not announced (an earlier attempt stopped): PostCreated published now",
                    existing.postId());
        } else {
            LOG.info("post {} already exists: redelivery ignored", existing.postId());
        }
        metrics.count("PostingRedelivered", "Command", CommandName.POST.name());
        return new PostingOutcome.Redelivered(existing.postId());
    }

    private void endRun(PhoneLink link, boolean pinPassed) {
        if (pinPassed) {
            links.endGuessRun(link.phoneKey());
        }
    }

    /**
     * The guess could not be reserved: the link locked, or its run spent (a lock whose write a crash
     * interrupted: locked now), or unlinked since the read. The generic reply, as for any locked link.
     */
    private PostingOutcome guessRefused(ApprovedCommand command, PhoneLink read, Instant now) {
        Optional<PhoneLink> current = links.find(read.phoneKey());
        if (current.isEmpty() || !current.get().accountId().equals(read.accountId())) {
            return refuseGenerically(command, Rejection.NOT_LINKED, now);
        }
        PhoneLink link = current.get();
        if (!link.locked()) {
            link = links.lockIfSpent(link.phoneKey(), config.maxPinFailures(), now);
        }
        if (link.locked()) {
            notifyLock(link, command);
        }
        return refuseGenerically(command, Rejection.LOCKED, now);
    }

    private PostingOutcome wrongPin(ApprovedCommand command, PhoneLink reserved, Instant now) {
        PhoneLink after = reserved.pinFailures() >= config.maxPinFailures()
                ? links.lockIfSpent(reserved.phoneKey(), config.maxPinFailures(), now)
                : reserved;
        if (after.locked()) {
            notifyLock(after, command);
            return rejected(command, Rejection.WRONG_PIN, true);
        }
        int left = Math.max(1, config.maxPinFailures() - after.pinFailures());
        return refuse(command, Rejection.WRONG_PIN, PostingReplies.wrongPin(left), now);
    }

    /**
     * Tells the account its SMS posting locked: a PostingLocked {@link SecurityEvent} on
     * SecurityEventsTopic (id from the account and the lock time) and a text. Once per lock:
     * publish-then-mark, a marker counter (per account and lock time) is read first and written after
     * both publishes, so a crash in between repeats the notice (the same eventId, and the text's request
     * id, let both be deduplicated downstream) rather than losing it. Every later POST that meets the
     * lock checks again. A 30-second lease between the read and the publishes keeps texts racing into
     * the same fresh lock from each telling it.
     */
    private void notifyLock(PhoneLink link, ApprovedCommand command) {
        String lockId = link.accountId() + "#" + link.lockedAt().toEpochMilli();
        String marker = "PostingLockedNotice#" + lockId;
        if (counters.current(marker) > 0) {
            return;
        }
        // A short lease, so the texts that meet a fresh lock together do not all tell it; a notifier that
        // crashed leaves a lease that runs out before Lambda's retry (a minute later) tells it again.
        if (!counters.oncePer("PostingLockedNoticeLease#" + lockId, LOCK_NOTICE_LEASE, clock.instant())) {
            return;
        }
        securityEvents.publish(postingLocked(link));
        String requestId = "PostingLocked#" + lockId;
        outbound.publish(OutboundSms.text(requestId, OutboundSms.Purpose.POSTING_LOCKED, recipient(command, requestId),
                CountryCode.of(link.country()), PostingReplies.LOCKED, command.inboundMessageId(), clock.instant()));
        counters.incrementIfBelow(marker, 1, link.lockedAt().plus(LOCK_NOTICE_MEMORY));
        LOG.warn("SMS posting locked for account {} after {} wrong PINs in a row: PostingLocked published, notice text requested",
                link.accountId(), link.pinFailures());
        metrics.count("PostingLocked", "Country", link.country());
    }

    /** The PostingLocked security event of a lock: the same id for the same lock, wherever it is told from. */
    static SecurityEvent postingLocked(PhoneLink link) {
        return SecurityEvent.of(SecurityEvent.Type.PostingLocked,
                SecurityEvent.idFor(SecurityEvent.Type.PostingLocked, link.accountId(), link.lockedAt().toString()),
                link.accountId(), link.country(), link.lockedAt(), List.of(), "WRONG_PINS", null);
    }

    /**
     * Asks the SIM-swap signal where the policy wants it and a provider is configured. A refusal
     * publishes SimSwapSuspected (id from the text) and then disarms the link: publish-then-mark, so a
     * crash between the two repeats the event on redelivery (same id) instead of losing it; the
     * redelivery then finds the link disarmed only after the event went out.
     */
    private boolean simSwapRefuses(ApprovedCommand command, PhoneLink link, PhoneNumber sender) {
        if (!command.simSwapCheck().asks() || !simSwap.configured()) {
            return false;
        }
        SimSwapStatus status = simSwap.check(sender, command.simSwapMaxAgeHours());
        metrics.count("SimSwapChecked", Map.of("Country", command.country(), "Status", status.name()));
        if (!command.simSwapCheck().refuses(status)) {
            return false;
        }
        Instant now = clock.instant();
        securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.SimSwapSuspected,
                SecurityEvent.idFor(SecurityEvent.Type.SimSwapSuspected, command.inboundMessageId()),
                link.accountId(), link.country(), now, List.of(), "POSTING", null));
        links.disarm(link.phoneKey(), now);
        LOG.warn("SMS posting disarmed for account {}: SIM-swap signal {} under check {}; SimSwapSuspected published",
                link.accountId(), status, command.simSwapCheck());
        return true;
    }

    // ------------------------------------------------------------------ UNDO

    private PostingOutcome undo(ApprovedCommand command) {
        Instant now = clock.instant();
        Optional<PhoneLink> link = links.find(command.sender().key());
        if (link.isEmpty()) {
            return nothingToUndo(command, Rejection.NOT_LINKED, now);
        }
        // Newest received first: this UNDO's own tombstone (a redelivery) or tombstones of earlier UNDOs
        // come before the post it is to remove, which is the newest one not deleted yet.
        List<Post> recent = posts.receivedBefore(link.get().accountId(), command.receivedAt(), UNDO_LOOK_BACK);
        if (recent.isEmpty()) {
            return nothingToUndo(command, Rejection.NO_RECENT_POST, now);
        }
        for (Post post : recent) {
            if (post.deleted()) {
                if (command.inboundMessageId().equals(post.deletedBy())) {
                    return finishUndo(posts.find(post.postId()).orElse(post), command, true);
                }
                continue;
            }
            if (!post.createdAt().isAfter(command.receivedAt().minus(config.undoWindow()))) {
                return nothingToUndo(command, Rejection.UNDO_TOO_LATE, now);
            }
            Optional<Post> tombstone = posts.markDeleted(post.postId(), command.inboundMessageId(), now,
                    now.plus(config.tombstoneRetention()));
            if (tombstone.isPresent()) {
                return finishUndo(tombstone.get(), command, false);
            }
            // Deleted meanwhile (the index lags the table): by an earlier delivery of this UNDO, or by another.
            Optional<Post> current = posts.find(post.postId());
            if (current.isPresent() && command.inboundMessageId().equals(current.get().deletedBy())) {
                return finishUndo(current.get(), command, true);
            }
        }
        return nothingToUndo(command, Rejection.ALREADY_UNDONE, now);
    }

    private PostingOutcome finishUndo(Post tombstone, ApprovedCommand command, boolean redelivery) {
        if (!tombstone.deletePublished()) {
            postsTopic.publish(PostDeleted.of(tombstone));
            reply(command, OutboundSms.Purpose.POST_CONFIRMATION, PostingReplies.UNDONE);
            posts.markDeletePublished(tombstone.postId());
        }
        if (redelivery) {
            LOG.info("post {} was already deleted by this UNDO: redelivery, nothing more deleted", tombstone.postId());
            metrics.count("PostingRedelivered", "Command", CommandName.UNDO.name());
            return new PostingOutcome.Redelivered(tombstone.postId());
        }
        LOG.info("post {} of account {} deleted by UNDO: PostDeleted published", tombstone.postId(), tombstone.accountId());
        metrics.count("PostsUndone", "Country", tombstone.country());
        return new PostingOutcome.Undone(tombstone.postId());
    }

    private PostingOutcome nothingToUndo(ApprovedCommand command, Rejection reason, Instant now) {
        return refuse(command, reason, PostingReplies.nothingToUndo(config.undoWindow()), now);
    }

    // ------------------------------------------------------------------ replies, logs, metrics

    /** The generic reply, at most once per number per period, whatever the reason. */
    private PostingOutcome refuseGenerically(ApprovedCommand command, Rejection reason, Instant now) {
        boolean replied = counters.oncePer("PostingUnavailableReply#" + command.sender().key(), config.unavailableReplyPeriod(), now);
        if (replied) {
            reply(command, OutboundSms.Purpose.POSTING_UNAVAILABLE, PostingReplies.UNAVAILABLE);
        }
        return rejected(command, reason, replied);
    }

    /** A reply saying what to fix, within the number's hourly reply budget. */
    private PostingOutcome refuse(ApprovedCommand command, Rejection reason, String text, Instant now) {
        String budget = "PostingReplies#" + command.sender().key() + "#" + Window.HOUR.id(now);
        // Once per text: a redelivered text (InboundSmsFunction forwards every delivery of a POST) asks for
        // the same reply, which SendSmsFunction sends once, and must not spend the budget twice.
        boolean replied = config.repliesPerHour() > 0
                && counters.incrementOnceIfBelow(budget, command.inboundMessageId(), config.repliesPerHour(),
                        Window.HOUR.end(now).plus(Duration.ofHours(1)));
        if (replied) {
            reply(command, OutboundSms.Purpose.POSTING_REJECTED, text);
        }
        return rejected(command, reason, replied);
    }

    private void reply(ApprovedCommand command, OutboundSms.Purpose purpose, String text) {
        String requestId = command.inboundMessageId() + "#reply";
        outbound.publish(OutboundSms.text(requestId, purpose, recipient(command, requestId),
                CountryCode.of(command.country()), text, command.inboundMessageId(), clock.instant()));
    }

    /** The sender, sealed again for the request that texts them (a seal opens only in the message it was made for). */
    private SealedNumber recipient(ApprovedCommand command, String requestId) {
        return keys.reseal(command.sender(), SealContext.inbound(command.inboundMessageId()), SealContext.outbound(requestId));
    }

    /** A message the reader would not accept: logged with its reason and detail, counted, never answered. */
    private PostingOutcome dropped(ApprovedCommandReader.Dropped dropped, String snsMessageId) {
        Rejection reason = switch (dropped.reason()) {
            case MALFORMED -> Rejection.MALFORMED_COMMAND;
            case MAC_MISSING -> Rejection.MAC_MISSING;
            case MAC_UNKNOWN_VERSION -> Rejection.MAC_UNKNOWN_VERSION;
            case KEY_UNKNOWN -> Rejection.KEY_UNKNOWN;
            case MAC_INVALID -> Rejection.MAC_INVALID;
            case SEAL_INVALID -> Rejection.TAMPERED_SENDER;
            case TEXT_SEAL_INVALID -> Rejection.TAMPERED_TEXT;
        };
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, dropped.inboundMessageId())) {
            LOG.warn("approved command rejected: reason={} detail={} snsMessageId={}", reason, dropped.detail(), snsMessageId);
        }
        metrics.count("PostingRejected", Map.of("Command", dropped.command(), "Reason", reason.name()));
        return new PostingOutcome.Rejected(reason, false);
    }

    /** A message we cannot trust or should not have received: logged with its detail and counted, never answered. */
    private PostingOutcome dropped(ApprovedCommand command, Rejection reason, String detail) {
        LOG.warn("approved command rejected: reason={} detail={}", reason, detail);
        metrics.count("PostingRejected", Map.of("Command", command.command().name(), "Reason", reason.name()));
        return new PostingOutcome.Rejected(reason, false);
    }

    private PostingOutcome rejected(ApprovedCommand command, Rejection reason, boolean replied) {
        LOG.info("{} refused: reason={} reply={}", command.command(), reason, replied);
        metrics.count("PostingRejected", Map.of("Command", command.command().name(), "Reason", reason.name()));
        return new PostingOutcome.Rejected(reason, replied);
    }
}
