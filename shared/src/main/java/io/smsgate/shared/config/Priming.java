package io.smsgate.shared.config;

import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.log.Masking;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: work run once before Lambda takes the snapshot, so the classes and code paths a
 * first message needs are loaded and warm in every restored environment, and work run after every
 * restore to refresh what must not be shared between environments. Priming must not have side effects
 * and must not create anything unique (ids, nonces, salts) that is used after the restore.
 * Outside a CRaC runtime (tests, local runs) registering does nothing; {@link #checkpointAndRestoreStandIn()}
 * runs the hooks by hand for the cold-start benchmark.
 */
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** CRaC holds resources weakly: keep them here for the life of the environment. */
    private static final List<Resource> RESOURCES = new ArrayList<>();
    /** Each warm-up runs this often before the snapshot. */
    static final int ROUNDS = 3;

    private Priming() {
    }

    /** A warm-up before the snapshot; nothing to refresh after a restore. */
    public static void register(String what, Runnable warmUp) {
        register(what, warmUp, () -> {
        });
    }

    /**
     * A warm-up before the snapshot and a refresh after each restore. A failing warm-up is logged and
     * the snapshot taken without it (the first event then does the work); a failing refresh is a fault.
     */
    public static synchronized void register(String what, Runnable warmUp, Runnable afterRestore) {
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                long start = System.nanoTime();
                try {
                    // Repeated, so the compiler has seen the paths too, not only the class loader.
                    for (int i = 0; i < ROUNDS; i++) {
                        warmUp.run();
                    }
                    // The logging path a first message takes: a context id, a masked number, the JSON layout.
                    try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, "priming")) {
                        LOG.info("primed {} in {} ms ({} rounds), e.g. {}", what, (System.nanoTime() - start) / 1_000_000, ROUNDS,
                                Masking.phone("+12065550100"));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("priming {} failed; the snapshot is taken without it: {}", what, e.toString());
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                afterRestore.run();
            }
        };
        RESOURCES.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /**
     * A warm-up that runs once now, on a thread of its own, for a start without SnapStart (the snapshot's hooks
     * are {@link #register}ed apart): it loads and runs what a first event needs that the start itself does not
     * (its JSON, its parsing, its AWS calls stopped before they leave), so the first invocation does not. Begun
     * before the function reads its secrets, it overlaps that read's waits for the network (and its CPU work
     * where there is a second core, as on a development machine); in Lambda, the init phase of an on-demand
     * function runs on a full vCPU while a 1024 MB handler gets a share of one, so work moved here runs faster
     * than in the first invocation (docs/cold-start.md). The wiring closes it when it is done, which waits for
     * it (at most {@link #START_WAIT}); a failing one is logged and the first event does the work. The same
     * rules as every warm-up: no side effects, nothing unique kept.
     */
    public static Background inBackground(String what, Runnable warmUp) {
        Background background = new Background(what);
        background.thread = Thread.ofPlatform().daemon().name("smsgate-start").start(() -> {
            try {
                warmUp.run();
            } catch (RuntimeException e) {
                background.failure = e;
            }
        });
        return background;
    }

    /** How long a function's start waits for a warm-up begun with {@link #inBackground}. */
    static final java.time.Duration START_WAIT = java.time.Duration.ofSeconds(10);

    /** A warm-up running beside a function's start; closing waits for it. */
    public static final class Background implements AutoCloseable {
        private final String what;
        private Thread thread;
        private volatile RuntimeException failure;

        private Background(String what) {
            this.what = what;
        }

        @Override
        public void close() {
            try {
                if (!thread.join(START_WAIT)) {
                    LOG.warn("warming {} at start took over {} s; the start goes on without waiting", what, START_WAIT.toSeconds());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (failure != null) {
                LOG.warn("warming {} at start failed; the first event does the work: {}", what, failure.toString());
            }
        }
    }

    /**
     * What a SnapStart snapshot and restore do to the hooks, without a CRaC runtime: every registered
     * warm-up, then every refresh, in registration order. For the local cold-start benchmark's
     * "restore, then first invocation"; Lambda never calls it.
     */
    public static synchronized void checkpointAndRestoreStandIn() throws Exception {
        for (Resource resource : RESOURCES) {
            resource.beforeCheckpoint(null);
        }
        for (Resource resource : RESOURCES) {
            resource.afterRestore(null);
        }
    }

    /** How many hooks are registered (tests). */
    public static synchronized int registered() {
        return RESOURCES.size();
    }
}
