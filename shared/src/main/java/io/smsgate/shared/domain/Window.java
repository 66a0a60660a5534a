package io.smsgate.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Fixed time windows for counters (UTC): a counter's key names its window, so a new window is a new
 * counter and nothing has to be reset.
 */
public enum Window {
    MINUTE(ChronoUnit.MINUTES, "yyyyMMddHHmm"),
    HOUR(ChronoUnit.HOURS, "yyyyMMddHH"),
    DAY(ChronoUnit.DAYS, "yyyyMMdd");

    private final ChronoUnit unit;
    private final DateTimeFormatter format;

    Window(ChronoUnit unit, String pattern) {
        this.unit = unit;
        this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    /** The window's name for a counter key: {@code 2026112510} for the hour 10:00–11:00 UTC. */
    public String id(Instant at) {
        return format.format(at);
    }

    public Instant start(Instant at) {
        return at.truncatedTo(unit);
    }

    public Instant end(Instant at) {
        return start(at).plus(Duration.of(1, unit));
    }
}
