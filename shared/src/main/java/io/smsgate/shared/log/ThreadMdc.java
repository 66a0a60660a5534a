package io.smsgate.shared.log;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The logging context of the current thread only. SLF4J's {@code BasicMDCAdapter} would do, but it is an
 * {@code InheritableThreadLocal}: a thread started while a message is handled (a pool's first worker, the
 * SDK's timeout scheduler) would keep that message's {@code inboundMessageId} on its lines for as long as
 * it lives. Log4j's ThreadContext, which this replaces, did not inherit either.
 */
final class ThreadMdc implements MDCAdapter {
    private final ThreadLocal<Map<String, String>> entries = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    @Override
    public void put(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        entries.get().put(key, value);
    }

    @Override
    public String get(String key) {
        return entries.get().get(key);
    }

    @Override
    public void remove(String key) {
        entries.get().remove(key);
    }

    @Override
    public void clear() {
        entries.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return new HashMap<>(entries.get());
    }

    /** What a line copies: nothing allocated when the context is empty. */
    Map<String, String> snapshot() {
        Map<String, String> current = entries.get();
        return current.isEmpty() ? Map.of() : new HashMap<>(current);
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        entries.set(new HashMap<>(contextMap));
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        stacks.clearDequeByKey(key);
    }
}
