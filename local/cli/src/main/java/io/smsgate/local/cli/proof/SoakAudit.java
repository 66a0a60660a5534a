package io.smsgate.local.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.run.Pipeline;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.json.Json;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The books after a soak, read from where the system keeps them: PostsTable, PhoneLinksTable and
 * CountersTable, the taps on PostsTopic and OutboundSmsTopic, the outbox (every text End User
 * Messaging was handed), the dead-letter queues, and the reason codes the functions logged. Each
 * finding is one line naming the account, verification or request (never a number), under one of the
 * seven figures of the last line.
 */
final class SoakAudit {
    private static final Pattern NOT_SENT = Pattern.compile("reason=([A-Z_]+)\\b.*?request=([A-Za-z0-9_.:#-]+)");
    /** SendSmsService's declared UNKNOWN: handed over, answer lost; the request is finished and never sent again. */
    private static final Pattern OUTCOME_UNKNOWN = Pattern.compile("request ([A-Za-z0-9_.:#-]+) outcome UNKNOWN");
    private static final String UNKNOWN_OUTCOME = "held by another attempt";

    /** The figures, and a line per finding. */
    static final class Books {
        final Map<String, List<String>> findings = new LinkedHashMap<>();
        int unknownOutcomes;
        int explainedDeadLetters;
        int explainedByLease;
        final List<String> postedAfterCoolingOff = new ArrayList<>();
        final Map<String, Integer> notSentReasons = new java.util.TreeMap<>();
        int posts;
        int postCreated;
        int texts;
        int requests;

        Books() {
            for (String figure : List.of("duplicate posts", "lost PostCreated", "duplicate texts", "lost texts", "limit overruns",
                    "unexplained dead letters", "handler crashes")) {
                findings.put(figure, new ArrayList<>());
            }
        }

        void add(String figure, String finding) {
            findings.get(figure).add(finding);
        }

        int count(String figure) {
            return findings.get(figure).size();
        }

        boolean clean() {
            return findings.values().stream().allMatch(List::isEmpty);
        }
    }

    private record DeadLetterRead(String function, String message, String error, List<String> attemptErrors) {
        boolean injected() {
            return attemptErrors.stream().anyMatch(e -> e.contains(FaultInjector.MARK)) || error.contains(FaultInjector.MARK);
        }
    }

    private SoakAudit() {
    }

    static Books audit(Stack stack, Pipeline pipeline, SoakRun run, ChaoticDelivery delivery, List<String> logLines) {
        Books books = new Books();
        List<DeadLetterRead> deadLetters = readDeadLetters(stack, pipeline);
        Set<String> deadLetteredInbound = new HashSet<>();
        Set<String> deadLetteredRequests = new HashSet<>();
        for (DeadLetterRead dead : deadLetters) {
            JsonNode message = tryJson(dead.message());
            String inbound = message.path("inboundMessageId").asText("");
            String request = message.path("requestId").asText("");
            if ("SendSmsFunction".equals(dead.function()) && dead.error().contains(UNKNOWN_OUTCOME)) {
                // The door out's declared UNKNOWN: handed over or not, it is not sent again; an operator decides.
                books.unknownOutcomes++;
                deadLetteredRequests.add(request);
            } else if (dead.injected()) {
                // Every attempt failed, and an injected fault caused at least the first failure. A claim left
                // IN_PROGRESS by a failed attempt outlives this compressed retry schedule (AWS retries after
                // about 1 and 2 minutes, past a 30 s lease), so later attempts meeting it are explained too.
                books.explainedDeadLetters++;
                if (dead.error().contains("another attempt")) {
                    books.explainedByLease++;
                }
                deadLetteredInbound.add(inbound);
                deadLetteredRequests.add(request);
            } else {
                books.add("unexplained dead letters", dead.function() + " " + Pipeline.messageType(dead.message())
                        + (inbound.isEmpty() ? "" : " inboundMessageId=" + inbound) + (request.isEmpty() ? "" : " request=" + request)
                        + ": " + dead.error());
            }
        }
        auditPosts(stack, run, books, deadLetteredInbound);
        auditTexts(stack, run, books, logLines, deadLetteredRequests);
        auditLimits(stack, run, books);
        for (ChaoticDelivery.Failure failure : delivery.failures()) {
            if (failure.crash()) {
                books.add("handler crashes", failure.function() + " on " + failure.messageType() + " (attempt " + failure.attempt() + "): "
                        + failure.error());
            }
        }
        for (String crash : run.apiCrashes()) {
            books.add("handler crashes", "VerificationApiFunction " + crash);
        }
        return books;
    }

    // ------------------------------------------------------------------ posts

    private static void auditPosts(Stack stack, SoakRun run, Books books, Set<String> deadLettered) {
        Map<String, List<Map<String, AttributeValue>>> byInbound = new HashMap<>();
        Map<String, Map<String, AttributeValue>> byPostId = new HashMap<>();
        for (Map<String, AttributeValue> item : stack.scan("PostsTable")) {
            books.posts++;
            byInbound.computeIfAbsent(item.get("inboundMessageId").s(), k -> new ArrayList<>()).add(item);
            byPostId.put(item.get("postId").s(), item);
        }
        Map<String, Integer> created = new HashMap<>();
        Map<String, Set<String>> postIdsByInbound = new HashMap<>();
        Set<String> deletedAnnounced = new HashSet<>();
        for (TopicTap.Published message : stack.tap("PostsTopic").messages()) {
            JsonNode json = message.json();
            String type = json.path("type").asText();
            String postId = json.path("postId").asText();
            if ("PostCreated".equals(type)) {
                books.postCreated++;
                created.merge(postId, 1, Integer::sum);
                Map<String, AttributeValue> item = byPostId.get(postId);
                if (item == null) {
                    books.add("duplicate posts", "PostCreated for post " + postId + ", which PostsTable does not hold");
                } else {
                    postIdsByInbound.computeIfAbsent(item.get("inboundMessageId").s(), k -> new LinkedHashSet<>()).add(postId);
                }
            } else if ("PostDeleted".equals(type)) {
                deletedAnnounced.add(postId);
            }
        }
        Map<String, SoakRun.Sent> sentById = new HashMap<>();
        for (SoakRun.Sent text : run.sent()) {
            sentById.put(text.inboundMessageId(), text);
            List<Map<String, AttributeValue>> items = byInbound.getOrDefault(text.inboundMessageId(), List.of());
            String who = text.category() + (text.account() == null ? "" : " from " + text.account()) + " inboundMessageId="
                    + text.inboundMessageId() + (text.killSwitch() ? " (kill switch on)" : "");
            if (items.size() > 1) {
                books.add("duplicate posts", who + ": " + items.size() + " items in PostsTable");
            }
            if (postIdsByInbound.getOrDefault(text.inboundMessageId(), Set.of()).size() > 1) {
                books.add("duplicate posts", who + ": PostCreated with " + postIdsByInbound.get(text.inboundMessageId()).size()
                        + " different postIds");
            }
            switch (text.expect()) {
                case MUST_POST -> {
                    if (items.isEmpty() && !deadLettered.contains(text.inboundMessageId())) {
                        books.add("lost PostCreated", who + ": should have posted, not in PostsTable");
                    } else if (!items.isEmpty() && created.getOrDefault(items.getFirst().get("postId").s(), 0) == 0) {
                        books.add("lost PostCreated", who + ": in PostsTable, no PostCreated published");
                    }
                }
                case MUST_NOT_POST, NONE -> {
                    java.time.Instant coolingOffEnds = run.coolingOffEnds().get(text.inboundMessageId());
                    if (!items.isEmpty() && coolingOffEnds != null
                            && Long.parseLong(items.getFirst().get("createdAt").n()) >= coolingOffEnds.toEpochMilli()) {
                        // Sent inside the cooling-off, posted once it had ended: PostingService judges by processing time.
                        books.postedAfterCoolingOff.add(who);
                    } else if (!items.isEmpty()) {
                        books.add("duplicate posts", who + ": should not have posted, but did");
                    }
                }
                case MAY_POST -> {
                    if (!items.isEmpty() && created.getOrDefault(items.getFirst().get("postId").s(), 0) == 0) {
                        books.add("lost PostCreated", who + ": in PostsTable, no PostCreated published");
                    }
                }
            }
        }
        byInbound.forEach((inbound, items) -> {
            if (!sentById.containsKey(inbound)) {
                books.add("duplicate posts", "post " + items.getFirst().get("postId").s() + " from no text the soak sent");
            }
        });
        // Each UNDO deletes the account's latest post; with shuffled delivery that is the latest written,
        // not always the latest sent, so the books look for the post this UNDO deleted (deletedBy).
        Map<String, Map<String, AttributeValue>> deletedBy = new HashMap<>();
        for (List<Map<String, AttributeValue>> items : byInbound.values()) {
            for (Map<String, AttributeValue> item : items) {
                if (item.containsKey("deletedBy")) {
                    deletedBy.put(item.get("deletedBy").s(), item);
                }
            }
        }
        for (SoakRun.ExpectedUndo undo : run.undos()) {
            if (deadLettered.contains(undo.undoInboundMessageId())) {
                continue;
            }
            Map<String, AttributeValue> post = deletedBy.get(undo.undoInboundMessageId());
            if (post == null) {
                books.add("lost PostCreated", "UNDO inboundMessageId=" + undo.undoInboundMessageId() + ": deleted no post");
            } else if (!deletedAnnounced.contains(post.get("postId").s())) {
                books.add("lost PostCreated", "UNDO inboundMessageId=" + undo.undoInboundMessageId() + ": post " + post.get("postId").s()
                        + " deleted, no PostDeleted published");
            }
        }
    }

    // ------------------------------------------------------------------ texts

    private static void auditTexts(Stack stack, SoakRun run, Books books, List<String> logLines, Set<String> deadLettered) {
        Map<String, String> declared = new HashMap<>();
        for (String line : logLines) {
            String message = tryJson(line).path("message").asText("");
            Matcher unknown = OUTCOME_UNKNOWN.matcher(message);
            if (unknown.find()) {
                // Counted apart: whether it reached the phone is not known, and it is not sent again.
                if (declared.put(unknown.group(1), "UNKNOWN") == null) {
                    books.unknownOutcomes++;
                }
            } else if (message.contains("not sent") || message.contains("request rejected")) {
                Matcher matcher = NOT_SENT.matcher(message);
                if (matcher.find()) {
                    declared.put(matcher.group(2), matcher.group(1));
                }
            }
        }
        List<SmsOutbox.Text> texts = stack.outbox().texts();
        books.texts = texts.size();
        Map<String, Integer> byRequest = new HashMap<>();
        Map<String, Integer> byVerification = new HashMap<>();
        for (SmsOutbox.Text text : texts) {
            String request = text.context().get("requestId");
            String verification = text.context().get("verificationId");
            if (request != null) {
                byRequest.merge(request, 1, Integer::sum);
            } else if (verification != null) {
                byVerification.merge(verification, 1, Integer::sum);
            }
        }
        Map<String, Set<String>> codeRequests = new LinkedHashMap<>();
        Set<String> textRequests = new LinkedHashSet<>();
        for (TopicTap.Published published : stack.tap("OutboundSmsTopic").messages()) {
            JsonNode request = published.json();
            if (!"OutboundSms".equals(request.path("type").asText())) {
                // An approved code's MessageFeedback rides the same topic: not a text, nothing to send.
                continue;
            }
            String id = request.path("requestId").asText();
            if ("CODE".equals(request.path("kind").asText())) {
                codeRequests.computeIfAbsent(request.path("verificationId").asText(), k -> new LinkedHashSet<>()).add(id);
            } else {
                textRequests.add(id);
            }
        }
        books.requests = textRequests.size() + codeRequests.values().stream().mapToInt(Set::size).sum();
        declared.values().forEach(reason -> books.notSentReasons.merge(reason, 1, Integer::sum));
        for (String request : textRequests) {
            int count = byRequest.getOrDefault(request, 0);
            if (count > 1) {
                books.add("duplicate texts", "request " + request + ": " + count + " texts");
            } else if (count == 0 && !declared.containsKey(request) && !deadLettered.contains(request)) {
                books.add("lost texts", "request " + request + ": no text, no reason logged, not dead-lettered");
            }
        }
        codeRequests.forEach((verification, requests) -> {
            int latest = requests.stream().mapToInt(SoakAudit::requestNumber).max().orElse(0);
            // STALE_REQUEST says a later request superseded this one: for the latest request, nothing did.
            // A declared UNKNOWN may or may not have reached the phone: at most one text, maybe none.
            long unknown = requests.stream().filter(r -> "UNKNOWN".equals(declared.get(r))).count();
            long notSent = requests.stream().filter(r -> declared.containsKey(r) && !"UNKNOWN".equals(declared.get(r))
                    && !("STALE_REQUEST".equals(declared.get(r)) && requestNumber(r) == latest)).count();
            requests.stream().filter(r -> "STALE_REQUEST".equals(declared.get(r)) && requestNumber(r) == latest).forEach(r ->
                    books.add("lost texts", "request " + r + ": declared STALE_REQUEST, but it is the verification's latest request"));
            long dead = requests.stream().filter(deadLettered::contains).count();
            long shouldSend = requests.size() - notSent;
            int count = byVerification.getOrDefault(verification, 0);
            if (count > shouldSend) {
                books.add("duplicate texts", "verification " + verification + ": " + count + " code texts for " + shouldSend
                        + " requests that sent (" + requests.size() + " requested)");
            } else if (count < shouldSend - unknown - dead && requests.stream().noneMatch(r -> "STALE_REQUEST".equals(declared.get(r))
                    && requestNumber(r) == latest)) {
                books.add("lost texts", "verification " + verification + ": " + count + " code texts for " + (shouldSend - unknown - dead)
                        + " requests with no reason logged and not dead-lettered");
            }
        });
        byRequest.keySet().stream().filter(r -> !textRequests.contains(r))
                .forEach(r -> books.add("duplicate texts", "request " + r + ": a text for a request nobody published"));
    }

    private static int requestNumber(String requestId) {
        try {
            return Integer.parseInt(requestId.substring(requestId.lastIndexOf('#') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ limits

    private static void auditLimits(Stack stack, SoakRun run, Books books) {
        Map<String, Map<String, AttributeValue>> links = new HashMap<>();
        for (Map<String, AttributeValue> item : stack.scan("PhoneLinksTable")) {
            links.put(item.get("accountId").s(), item);
        }
        Map<String, Integer> postsPerAccount = new HashMap<>();
        Map<String, Integer> postsPerAccountHour = new HashMap<>();
        for (Map<String, AttributeValue> item : stack.scan("PostsTable")) {
            String account = item.get("accountId").s();
            postsPerAccount.merge(account, 1, Integer::sum);
            long hour = Long.parseLong(item.get("createdAt").n()) / 3_600_000L;
            postsPerAccountHour.merge(account + "#" + hour, 1, Integer::sum);
        }
        postsPerAccountHour.forEach((key, count) -> {
            if (count > SoakRun.MAX_POSTS_PER_HOUR) {
                books.add("limit overruns", "account " + key.substring(0, key.indexOf('#')) + ": " + count + " posts in one hour (limit "
                        + SoakRun.MAX_POSTS_PER_HOUR + ")");
            }
        });
        Map<String, Integer> counted = new HashMap<>();
        for (Map<String, AttributeValue> item : stack.scan("CountersTable")) {
            String pk = item.get("pk").s();
            if (pk.startsWith("PostsPerHour#") && item.containsKey("count")) {
                String account = pk.substring("PostsPerHour#".length(), pk.lastIndexOf('#'));
                counted.merge(account, Integer.parseInt(item.get("count").n()), Integer::sum);
            }
        }
        for (SoakRun.Account account : run.accounts()) {
            int posts = postsPerAccount.getOrDefault(account.id, 0);
            int count = counted.getOrDefault(account.id, 0);
            if (count != posts) {
                books.add("limit overruns", "account " + account.id + ": the hourly post counter says " + count + ", PostsTable holds "
                        + posts + (count > posts ? " (counted twice: the limit bites early)" : " (posts the limit never saw)"));
            }
            Map<String, AttributeValue> link = links.get(account.id);
            if (link == null || !"wrong-pin".equals(account.role)) {
                continue;
            }
            int failures = link.containsKey("pinFailures") ? Integer.parseInt(link.get("pinFailures").n()) : 0;
            boolean locked = link.containsKey("lockedAt");
            int sent = account.wrongPinsCounted;
            if (failures > Math.min(sent, SoakRun.MAX_PIN_FAILURES)) {
                books.add("limit overruns", "account " + account.id + ": pinFailures " + failures + " after " + sent
                        + " wrong-PIN texts (a redelivered wrong PIN counted again)");
            }
            if (locked && sent < SoakRun.MAX_PIN_FAILURES) {
                books.add("limit overruns", "account " + account.id + ": locked after " + sent + " wrong-PIN texts (limit "
                        + SoakRun.MAX_PIN_FAILURES + ")");
            }
            if (!locked && sent >= SoakRun.MAX_PIN_FAILURES) {
                books.add("limit overruns", "account " + account.id + ": not locked after " + sent + " wrong-PIN texts (limit "
                        + SoakRun.MAX_PIN_FAILURES + ")");
            }
        }
        Map<String, Integer> codesPerVerification = new HashMap<>();
        Map<String, Integer> codesPerNumberHour = new HashMap<>();
        Map<String, String> masked = new HashMap<>();
        for (SmsOutbox.Text text : stack.outbox().texts()) {
            String verification = text.context().get("verificationId");
            if (verification != null) {
                codesPerVerification.merge(verification, 1, Integer::sum);
                String key = text.destination() + "#" + text.receivedAt().truncatedTo(ChronoUnit.HOURS);
                codesPerNumberHour.merge(key, 1, Integer::sum);
                masked.put(key, text.maskedDestination());
            }
        }
        codesPerVerification.forEach((id, count) -> {
            if (count > 5) {
                books.add("limit overruns", "verification " + id + ": " + count + " code texts (at most 5 sends)");
            }
        });
        codesPerNumberHour.forEach((key, count) -> {
            if (count > 5) {
                books.add("limit overruns", "number " + masked.get(key) + ": " + count + " code texts in one hour (budget 5)");
            }
        });
        for (SoakRun.Verification v : run.verifications()) {
            if (v.approvedWrongly) {
                books.add("limit overruns", "verification " + v.id + ": approved with a wrong code");
            }
            if (v.plan == SoakRun.Plan.LOCKOUT && v.approved) {
                books.add("limit overruns", "verification " + v.id + ": approved after 5 wrong checks (at most 5 checks)");
            }
            if (v.earlyResendAccepted) {
                books.add("limit overruns", "verification " + v.id + ": a resend inside the cooldown was accepted");
            }
        }
    }

    // ------------------------------------------------------------------ dead letters

    private static List<DeadLetterRead> readDeadLetters(Stack stack, Pipeline pipeline) {
        List<DeadLetterRead> read = new ArrayList<>();
        Set<String> queues = new LinkedHashSet<>();
        for (Pipeline.Subscription subscription : pipeline.subscriptions()) {
            if (subscription.deadLetterQueueUrl() != null && queues.add(subscription.deadLetterQueueUrl())) {
                while (true) {
                    List<Message> batch = stack.sqs().receiveMessage(r -> r.queueUrl(subscription.deadLetterQueueUrl())
                            .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(600)).messages();
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (Message message : batch) {
                        JsonNode body = tryJson(message.body());
                        List<String> attempts = new ArrayList<>();
                        body.path("attemptErrors").forEach(e -> attempts.add(e.asText()));
                        read.add(new DeadLetterRead(body.path("requestContext").path("functionArn").asText(subscription.function()),
                                body.path("event").path("Message").asText(""), body.path("error").asText(""), attempts));
                    }
                }
            }
        }
        return read;
    }

    private static JsonNode tryJson(String text) {
        try {
            return Json.tree(text == null || text.isEmpty() ? "{}" : text);
        } catch (RuntimeException e) {
            return Json.tree("{}");
        }
    }
}
