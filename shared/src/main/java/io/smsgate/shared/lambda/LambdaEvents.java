package io.smsgate.shared.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * How a handler ({@code RequestStreamHandler}) reads the bytes Lambda hands it and writes its answer:
 * with smsgate's one JSON mapper, into the small records of this package, so no function carries
 * aws-lambda-java-events (and its Joda-Time). Bytes that are not the event expected are a logged
 * rejection with a reason code, never an exception: Lambda would only retry bytes that cannot change.
 * An I/O fault reading the stream (not a JSON problem) still throws.
 */
public final class LambdaEvents {
    /** The bytes are not JSON of the event's shape. */
    public static final String UNREADABLE_EVENT = "UNREADABLE_EVENT";
    /** JSON {@code null}, no records, or a record without its payload. */
    public static final String EMPTY_EVENT = "EMPTY_EVENT";

    private LambdaEvents() {
    }

    /**
     * The event, or empty after logging {@code "<subject> rejected: reason=UNREADABLE_EVENT"} (bytes that
     * are not JSON of that shape, no bytes included) or {@code EMPTY_EVENT} (a JSON {@code null}). Jackson's
     * own message is not logged: it can quote the input, and so a phone number; only where it stopped is.
     */
    public static <T> Optional<T> read(InputStream input, Class<T> type, Logger log, String subject) throws IOException {
        T event;
        try {
            event = Json.mapper().readValue(input, type);
        } catch (JsonProcessingException e) {
            log.warn("{} rejected: reason={} detail={}", subject, UNREADABLE_EVENT,
                    new MalformedJsonException(type.getSimpleName(), e).getMessage());
            return Optional.empty();
        }
        if (event == null) {
            log.warn("{} rejected: reason={} detail=null event", subject, EMPTY_EVENT);
        }
        return Optional.ofNullable(event);
    }

    /**
     * The notifications of an SNS event, in order; an unreadable event, one without records and a record
     * without {@code Sns} are logged rejections, as {@link #read} logs them.
     */
    public static List<SnsEvent.Notification> notifications(InputStream input, Logger log, String subject) throws IOException {
        Optional<SnsEvent> event = read(input, SnsEvent.class, log, subject);
        if (event.isEmpty()) {
            return List.of();
        }
        if (event.get().records().isEmpty()) {
            log.warn("{} rejected: reason={} detail=no SNS records", subject, EMPTY_EVENT);
            return List.of();
        }
        List<SnsEvent.Notification> notifications = new ArrayList<>();
        for (SnsEvent.Record record : event.get().records()) {
            if (record == null || record.sns() == null) {
                log.warn("{} rejected: reason={} detail=record without Sns", subject, EMPTY_EVENT);
                continue;
            }
            notifications.add(record.sns());
        }
        return notifications;
    }

    /** Writes a handler's answer as the JSON Lambda returns to its caller; the stream is left open for the runtime. */
    public static void write(OutputStream output, Object answer) throws IOException {
        Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(output, answer);
    }

    /** An event or an answer as the bytes Lambda passes (the local harness, the benchmarks and the tests build events). */
    public static byte[] bytes(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
