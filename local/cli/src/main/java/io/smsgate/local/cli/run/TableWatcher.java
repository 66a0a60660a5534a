package io.smsgate.local.cli.run;

import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.log.Masking;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What changed in the stack's tables since the last look: new, changed and deleted items, printed
 * with any E.164 value masked (PhoneLinksTable keeps the number, as security data).
 */
final class TableWatcher {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private final Stack stack;
    private final Map<String, Map<String, String>> seen = new HashMap<>();

    TableWatcher(Stack stack) {
        this.stack = stack;
        changes();
    }

    /** Lines such as {@code + IdempotencyTable {pk=..., status=COMPLETED}}; '+' new, '~' changed, '-' deleted. */
    List<String> changes() {
        List<String> lines = new ArrayList<>();
        for (String table : stack.tables()) {
            Map<String, String> before = seen.getOrDefault(table, Map.of());
            Map<String, String> now = new HashMap<>();
            for (Map<String, AttributeValue> item : stack.scan(table)) {
                String text = render(item);
                now.put(keyOf(item), text);
            }
            now.forEach((key, text) -> {
                String old = before.get(key);
                if (old == null) {
                    lines.add("+ " + table + " " + text);
                } else if (!old.equals(text)) {
                    lines.add("~ " + table + " " + text);
                }
            });
            before.forEach((key, text) -> {
                if (!now.containsKey(key)) {
                    lines.add("- " + table + " " + text);
                }
            });
            seen.put(table, now);
        }
        return lines;
    }

    private static String keyOf(Map<String, AttributeValue> item) {
        for (String name : List.of("pk", "phoneKey", "scope", "postId", "verificationId", "id")) {
            if (item.containsKey(name)) {
                return name + "=" + item.get(name).s();
            }
        }
        return new TreeMap<>(item).toString();
    }

    static String render(Map<String, AttributeValue> item) {
        StringBuilder text = new StringBuilder("{");
        new TreeMap<>(item).forEach((name, value) -> text.append(name).append('=').append(plain(value)).append(", "));
        if (text.length() > 1) {
            text.setLength(text.length() - 2);
        }
        return text.append('}').toString();
    }

    private static String plain(AttributeValue value) {
        String text;
        if (value.s() != null) {
            text = value.s();
        } else if (value.n() != null) {
            text = value.n();
        } else if (value.bool() != null) {
            text = value.bool().toString();
        } else {
            text = value.toString();
        }
        return E164.matcher(text).matches() ? Masking.phone(text) : text;
    }
}
