package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes a message's MAC is computed over: the message's JSON object without its {@code mac} field,
 * every object's keys sorted (by UTF-16 code unit, as {@link String#compareTo}), no whitespace, strings
 * and numbers written as Jackson writes them ({@code "a\"b"}, {@code 12}), arrays in their order, nulls
 * as {@code null}. Computed from the JSON as received, never from the record it is read into, so every
 * field counts, including ones this build does not know.
 */
public final class CanonicalJson {
    /** The field that carries the MAC, left out of what it covers. */
    public static final String MAC_FIELD = "mac";

    private CanonicalJson() {
    }

    public static String of(JsonNode message) {
        if (!message.isObject()) {
            throw new IllegalArgumentException("a message is a JSON object");
        }
        StringBuilder out = new StringBuilder();
        write(message, out, true);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!(top && MAC_FIELD.equals(name))) {
                    names.add(name);
                }
            }
            names.sort(String::compareTo);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i)).toString()).append(':');
                write(node.get(names.get(i)), out, false);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out, false);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
