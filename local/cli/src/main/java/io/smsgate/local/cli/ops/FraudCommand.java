package io.smsgate.local.cli.ops;

import io.smsgate.local.cli.UserError;
import io.smsgate.twofactor.ConversionCounters;
import io.smsgate.twofactor.DynamoConversionCounters;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code smsgate fraud status} and {@code fraud release PREFIX}: the adaptive pumping guard of a stack,
 * deployed ({@code --stack NAME}) or local, as {@code smsgate status} finds it. Status shows, per number
 * prefix and per country, the codes sent and approved in the sliding hour, the conversion, and the trips
 * (throttles) in force or past; release ends a throttle at once (counting starts afresh).
 */
@Command(name = "fraud", mixinStandardHelpOptions = true,
        description = "The pumping guard: conversion windows, trips and throttles (status); lift a throttle (release).",
        subcommands = {FraudCommand.Status.class, FraudCommand.Release.class})
public final class FraudCommand implements Runnable {
    private static final Pattern PREFIX = Pattern.compile("\\+[1-9]\\d{1,11}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UserError("fraud what? ./smsgate fraud status, or ./smsgate fraud release PREFIX");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Codes sent and approved per prefix and country over the last hour, and every trip.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        StackOptions where = new StackOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            StatusCommand.Target target = where.target();
            Instant now = clock.instant();
            out.println("fraud        stack " + target.stack() + ", " + target.where() + ", at " + now);
            List<ConversionCounters.Window> windows;
            try (DynamoDbClient dynamo = target.clients().dynamoDb()) {
                windows = new DynamoConversionCounters(dynamo, target.physical("CountersTable")).all(now);
            } catch (SdkException | IllegalStateException e) {
                out.println("cannot read the pumping guard's counters: " + StatusCommand.oneLine(e));
                out.flush();
                return 1;
            }
            if (windows.isEmpty()) {
                out.println("(no codes counted in the last hour, no trips)");
            }
            for (ConversionCounters.Window window : windows) {
                out.println(line(window, now));
            }
            long active = windows.stream().filter(w -> w.trip().filter(t -> t.active(now)).isPresent()).count();
            out.println("fraud: " + windows.size() + " scopes, " + active + " throttled");
            out.flush();
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "End the throttle on a prefix (+447700) or a country (GB) now; counting starts afresh.")
    static final class Release implements Callable<Integer> {
        @Parameters(paramLabel = "PREFIX", description = "A number prefix as fraud status shows it (+447700), or a country (GB).")
        String scope;

        @CommandLine.Mixin
        StackOptions where = new StackOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            ConversionCounters.Scope chosen = scope(scope);
            StatusCommand.Target target = where.target();
            PrintWriter out = spec.commandLine().getOut();
            boolean released;
            try (DynamoDbClient dynamo = target.clients().dynamoDb()) {
                released = new DynamoConversionCounters(dynamo, target.physical("CountersTable")).release(chosen, clock.instant());
            } catch (SdkException e) {
                throw new UserError("cannot release " + chosen + " on stack " + target.stack() + ": " + StatusCommand.oneLine(e));
            }
            if (!released) {
                throw new UserError(chosen + " is not throttled on stack " + target.stack() + " (./smsgate fraud status shows what is)");
            }
            out.println("released " + chosen + " on stack " + target.stack() + ": codes go again; counting starts afresh");
            out.flush();
            return 0;
        }
    }

    static ConversionCounters.Scope scope(String text) {
        String value = text == null ? "" : text.strip();
        if (PREFIX.matcher(value).matches()) {
            return new ConversionCounters.Scope(ConversionCounters.Scope.Level.PREFIX, value);
        }
        if (COUNTRY.matcher(value).matches()) {
            return new ConversionCounters.Scope(ConversionCounters.Scope.Level.COUNTRY, value);
        }
        throw new UserError("not a prefix or a country: " + (value.length() > 20 ? value.substring(0, 20) + "..." : value)
                + " (a prefix is + and 2-12 digits, as fraud status shows it; a country is two capitals, GB)");
    }

    /** One scope: its window bucket by bucket, the totals, and its trip. */
    public static String line(ConversionCounters.Window window, Instant now) {
        long sent = window.buckets().stream().mapToLong(ConversionCounters.Bucket::sent).sum();
        long approved = window.buckets().stream().mapToLong(ConversionCounters.Bucket::approved).sum();
        List<String> buckets = new ArrayList<>();
        window.buckets().forEach(b -> buckets.add(b.approved() + "/" + b.sent()));
        String conversion = sent == 0 ? "-" : (approved * 100 / sent) + "%";
        String trip = window.trip().map(t -> t.active(now)
                ? "THROTTLED until " + t.until() + " (tripped " + t.trippedAt() + " at " + t.approved() + "/" + t.sent() + ")"
                : "last trip " + t.trippedAt() + ", ended " + t.until()).orElse("no trip");
        return String.format("%-8s %-14s last hour %4d approved / %4d sent (%4s)  buckets %-30s %s",
                window.scope().level().name().toLowerCase(java.util.Locale.ROOT), window.scope().value(), approved, sent, conversion,
                String.join(" ", buckets), trip);
    }

    /** For {@code smsgate status}: the throttles in force. */
    static List<String> activeTrips(StatusCommand.Target target, Instant now) {
        try (DynamoDbClient dynamo = target.clients().dynamoDb()) {
            List<String> lines = new ArrayList<>();
            for (ConversionCounters.Window window : new DynamoConversionCounters(dynamo, target.physical("CountersTable")).all(now)) {
                window.trip().filter(t -> t.active(now)).ifPresent(t -> lines.add(window.scope() + " throttled until " + t.until()
                        + " (./smsgate fraud release " + window.scope().value() + ")"));
            }
            return lines.isEmpty() ? List.of("none in force (./smsgate fraud status shows the windows)") : lines;
        }
    }
}
