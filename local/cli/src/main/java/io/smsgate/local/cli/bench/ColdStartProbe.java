package io.smsgate.local.cli.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.CanonicalJson;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import io.smsgate.shared.config.Priming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs in a fresh JVM with a function's environment, like a Lambda execution environment. Two modes:
 * <ul>
 *   <li>{@code cold}: a cold start without SnapStart. Builds the handler through its no-argument
 *       constructor (the one Lambda calls, wiring from the process environment), makes the event's
 *       bytes (fresh ids; in Lambda the runtime receives them), hands them to the stream handler as the
 *       runtime does, which reads them itself, once:
 *       {@code PROBE init=<ms> read=<ms> invoke=<ms>} ({@code read}: the probe's own preparation of the bytes).</li>
 *   <li>{@code primed}: the stand-in for a SnapStart restore. Builds the handler, runs its registered
 *       priming hooks and refreshes ({@link Priming#checkpointAndRestoreStandIn()}), then times the first
 *       invocation and, after {@value #WARM_UPS} more, a warm one:
 *       {@code PRIMED init=<ms> prime=<ms> first=<ms> warm=<ms>}.</li>
 * </ul>
 * Every UUID in the event is replaced by a fresh one per invocation, so no invocation is a redelivery
 * that the function's idempotency shortcut would answer cheaply; so is a plain fictional UK number (the
 * HTTP API's bodies), so a second start is not answered from the first one's pending verification; so is
 * a sealed fictional UK or NANP (555-01XX) sender, so no invocation finds a per-number limit spent.
 */
public final class ColdStartProbe {
    static final int WARM_UPS = 3;
    /** Ofcom's drama range: a fresh fictional number per request, so per-number budgets and a pending verification never change the path. */
    private static final Pattern FICTIONAL_UK = Pattern.compile("\\+447700900\\d{3}");
    /** How many fictional UK numbers a fresh one is drawn from: {@link #fictionalUk} 0 to this, less one. */
    static final int FICTIONAL_UK_NUMBERS = 1000;
    /**
     * NANP 555-0100..0199 (fiction): a sealed sender of this form gets a fresh one too, in turn, so no two
     * invocations of a JVM share one (a number's once-a-day denial reply, spent by the first, would make
     * every later invocation skip the reply's write and publish).
     */
    private static final Pattern FICTIONAL_NANP = Pattern.compile("(\\+1\\d{3}55501)\\d{2}");
    private static int nanpNext;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The emulator's development key (a compile-time constant): what the sample events are sealed and
     * signed with. In a holder, so its crypto classes load at the first event read, after the timed init.
     */
    private static final class BenchKeys {
        static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    }

    /** Not SecureRandom: seeding it here would take that work off the handler's own first use. */
    private static final Random IDS = new Random();

    static {
        nanpNext = IDS.nextInt(100);
    }

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long start = System.nanoTime();
        Class<?> type = Class.forName(args[1]);
        RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor().newInstance();
        long built = System.nanoTime();
        String eventText = Files.readString(Path.of(args[2]));
        Context context = new LocalContext(type.getSimpleName(), 15, 1024);
        if ("cold".equals(mode)) {
            byte[] event = fresh(eventText);
            long read = System.nanoTime();
            invoke(handler, event, context);
            long invoked = System.nanoTime();
            System.out.printf("PROBE init=%.1f read=%.1f invoke=%.1f%n", ms(built - start), ms(read - built), ms(invoked - read));
        } else {
            Priming.checkpointAndRestoreStandIn();
            long primed = System.nanoTime();
            long first = timed(handler, fresh(eventText), context);
            for (int i = 0; i < WARM_UPS; i++) {
                timed(handler, fresh(eventText), context);
            }
            long warm = timed(handler, fresh(eventText), context);
            System.out.printf("PRIMED init=%.1f prime=%.1f first=%.1f warm=%.1f%n", ms(built - start), ms(primed - built),
                    ms(first), ms(warm));
        }
        System.out.flush();
        System.exit(0);
    }

    private static long timed(RequestStreamHandler handler, byte[] event, Context context) throws IOException {
        long before = System.nanoTime();
        invoke(handler, event, context);
        return System.nanoTime() - before;
    }

    /** As the Lambda runtime calls a stream handler: the event's bytes in, an output stream for the answer. */
    private static void invoke(RequestStreamHandler handler, byte[] event, Context context) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), context);
    }

    /** The event's bytes with fresh ids, as the runtime would receive them. */
    private static byte[] fresh(String text) {
        String fresh = resealed(text);
        if (fresh == null) {
            fresh = UUID_TEXT.matcher(text).replaceAll(match -> new UUID(IDS.nextLong(), IDS.nextLong()).toString());
            fresh = FICTIONAL_UK.matcher(fresh).replaceAll(match -> fictionalUk(IDS.nextInt(FICTIONAL_UK_NUMBERS)));
        }
        return fresh.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sealed values are bound to the id of the message they travel in, and ApprovedCommand and
     * OutboundSms carry a MAC over their JSON: a fresh id alone would make every sample a forgery that
     * the function drops at once, and the bench would time the rejection. So each internal message gets
     * its fresh id here, its seals reopened and resealed for it and its MAC made again, with the local
     * development key the emulator's stack uses (a constant, inlined: no emulator class is loaded).
     * Runs outside the timed spans (after init; between invocations). Null when the event carries no
     * such message (its ids are then simply replaced as text).
     */
    private static String resealed(String eventText) {
        JsonNode event = Json.tree(eventText);
        boolean changed = false;
        for (JsonNode record : event.path("Records")) {
            ObjectNode holder = record.path("Sns").isObject() ? (ObjectNode) record.path("Sns") : (ObjectNode) record;
            String field = holder == record ? "body" : "Message";
            if (!holder.path(field).isTextual() || !holder.path(field).asText().startsWith("{")) {
                continue;
            }
            ObjectNode message = (ObjectNode) Json.tree(holder.path(field).asText());
            String type = message.path("type").asText("");
            String newId = new UUID(IDS.nextLong(), IDS.nextLong()).toString();
            if (type.equals("SmsCommand") || type.equals("ApprovedCommand")) {
                SealContext from = SealContext.inbound(message.path("inboundMessageId").asText());
                SealContext to = SealContext.inbound(newId);
                message.put("inboundMessageId", newId);
                reseal(message, "sender", from, to);
                if (message.path("sealedText").isTextual()) {
                    message.put("sealedText", BenchKeys.KEYS.sealText(BenchKeys.KEYS.openText(message.path("sealedText").asText(), from), to));
                }
            } else if (type.equals("OutboundSms")) {
                String oldRequest = message.path("requestId").asText();
                String suffix = oldRequest.contains("#") ? oldRequest.substring(oldRequest.indexOf('#')) : "";
                message.put("requestId", newId + suffix);
                message.put("correlationId", newId);
                reseal(message, "recipient", SealContext.outbound(oldRequest), SealContext.outbound(newId + suffix));
            } else {
                continue;
            }
            if (message.has(CanonicalJson.MAC_FIELD)) {
                message.remove(CanonicalJson.MAC_FIELD);
                message.put(CanonicalJson.MAC_FIELD, BenchKeys.KEYS.mac(type, CanonicalJson.of(message)));
            }
            holder.put(field, Json.write(message));
            // The delivery's own id too, or the second invocation is a redelivery.
            for (String id : new String[] {"MessageId", "messageId"}) {
                if (holder.has(id)) {
                    holder.put(id, new UUID(IDS.nextLong(), IDS.nextLong()).toString());
                }
            }
            changed = true;
        }
        return changed ? Json.write(event) : null;
    }

    /** Reopened and sealed for the fresh id; a fictional UK number becomes a fresh one, as elsewhere in the event. */
    private static void reseal(ObjectNode message, String field, SealContext from, SealContext to) {
        JsonNode sealed = message.path(field);
        PhoneNumber number = BenchKeys.KEYS.open(new SealedNumber(sealed.path("key").asText(), sealed.path("sealed").asText()), from);
        java.util.regex.Matcher nanp = FICTIONAL_NANP.matcher(number.e164());
        if (FICTIONAL_UK.matcher(number.e164()).matches()) {
            number = PhoneNumbers.trusted(fictionalUk(IDS.nextInt(FICTIONAL_UK_NUMBERS)));
        } else if (nanp.matches()) {
            // 01..98: not 00 (the sample destination) nor 99 (SendSmsPriming's nowhere).
            number = PhoneNumbers.trusted(String.format("%s%02d", nanp.group(1), 1 + nanpNext++ % 98));
        }
        message.set(field, Json.mapper().valueToTree(BenchKeys.KEYS.seal(number, to)));
    }

    /** The {@code i}th of Ofcom's drama-range numbers the probe gives an event in place of the sample's. */
    static String fictionalUk(int i) {
        return String.format("+447700900%03d", i);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
