package io.smsgate.shared.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper: records in and out, ISO-8601 instants, unknown fields ignored on input (AWS adds
 * fields to its payloads), nulls left out on output.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads trusted JSON (our own messages); malformed input is a fault. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(type.getSimpleName(), e);
        }
    }

    /** Parses untrusted text into a tree, for callers that validate field by field. */
    public static JsonNode tree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("JSON", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("JSON", e);
        }
    }

    /**
     * Parses untrusted text that must be one JSON object (a message body, a request body): null, blank,
     * malformed text and any other JSON value are refused with a {@link MalformedJsonException}.
     */
    public static JsonNode object(String json) {
        JsonNode node = tree(json == null ? "" : json);
        if (!node.isObject()) {
            throw new MalformedJsonException("not a JSON object");
        }
        return node;
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(type.getSimpleName(), e);
        } catch (IllegalArgumentException e) {
            throw new MalformedJsonException(type.getSimpleName(), null);
        }
    }
}
