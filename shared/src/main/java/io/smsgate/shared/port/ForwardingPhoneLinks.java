package io.smsgate.shared.port;

import io.smsgate.shared.domain.PhoneLink;
import java.time.Instant;
import java.util.Optional;

/**
 * PhoneLinks that passes every call to another: the base for a decorator that changes one step (a
 * test interleaving two reads, say) and leaves the rest as they are.
 */
public class ForwardingPhoneLinks implements PhoneLinks {
    private final PhoneLinks delegate;

    public ForwardingPhoneLinks(PhoneLinks delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<PhoneLink> find(String phoneKey) {
        return delegate.find(phoneKey);
    }

    @Override
    public Optional<PhoneLink> findByAccount(String accountId) {
        return delegate.findByAccount(accountId);
    }

    @Override
    public Linked link(String phoneKey, String accountId, String sealedNumber, String country, Instant at) {
        return delegate.link(phoneKey, accountId, sealedNumber, country, at);
    }

    @Override
    public Optional<PhoneLink> updateSettings(PhoneLink decidedFrom, SettingsChange change, Instant at) {
        return delegate.updateSettings(decidedFrom, change, at);
    }

    @Override
    public Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses) {
        return delegate.reserveGuess(phoneKey, guessId, maxGuesses);
    }

    @Override
    public PhoneLink lockIfSpent(String phoneKey, int maxGuesses, Instant at) {
        return delegate.lockIfSpent(phoneKey, maxGuesses, at);
    }

    @Override
    public void endGuessRun(String phoneKey) {
        delegate.endGuessRun(phoneKey);
    }

    @Override
    public void disarm(String phoneKey, Instant at) {
        delegate.disarm(phoneKey, at);
    }
}
