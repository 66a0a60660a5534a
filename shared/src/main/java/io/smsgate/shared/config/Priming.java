package io.smsgate.shared.config;

import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: work run once before Lambda takes the snapshot, so the classes and code paths a
 * first message needs are loaded and warm in every restored environment. Priming must not have side
 * effects. Outside a CRaC runtime (tests, local runs) registering does nothing.
 */
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** CRaC holds resources weakly: keep them here for the life of the environment. */
    private static final List<Resource> RESOURCES = new ArrayList<>();

    private Priming() {
    }

    public static synchronized void register(String what, Runnable warmUp) {
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                try {
                    warmUp.run();
                } catch (RuntimeException e) {
                    LOG.warn("priming {} failed; the snapshot is taken without it: {}", what, e.toString());
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // Nothing to refresh: clients re-resolve credentials, the clock is read per message.
            }
        };
        RESOURCES.add(resource);
        Core.getGlobalContext().register(resource);
    }
}
