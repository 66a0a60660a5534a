package io.smsgate.shared.port;

import io.smsgate.shared.domain.CountryPolicy;
import java.util.List;
import java.util.Optional;

/** The operator's view of the policy table: list, read and change items, with optimistic locking. */
public interface CountryPolicyCatalog extends CountryPolicies {
    List<CountryPolicy> all();

    Optional<CountryPolicy> get(String scope);

    /**
     * Writes {@code policy} if the stored item is still at {@code policy.version() - 1} (absent when
     * that is 0). Build the policy with {@link CountryPolicy#savedBy}.
     *
     * @throws ConcurrentChangeException when someone else changed (or created) the item meanwhile
     */
    void save(CountryPolicy policy);

    /** Someone changed the item between our read and our write. */
    final class ConcurrentChangeException extends RuntimeException {
        public ConcurrentChangeException(String scope, long expectedVersion) {
            super("policy " + scope + " was changed by someone else (expected version " + expectedVersion
                    + "); read it again and retry");
        }
    }
}
