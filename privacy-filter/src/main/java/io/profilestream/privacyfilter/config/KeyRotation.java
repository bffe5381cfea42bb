package io.profilestream.privacyfilter.config;

import io.profilestream.model.privacy.Pseudonymizer;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a key rotation's grace period is in progress, and with which previous key. A bean of its
 * own type (not an {@code Optional<Pseudonymizer>}, which Spring would resolve to the current
 * {@link Pseudonymizer} bean) built by {@link PrivacyConfiguration}.
 *
 * @param previous the previous key's pseudonym function during the grace period, empty otherwise
 */
public record KeyRotation(Optional<Pseudonymizer> previous) {

    /** Rejects a null {@code previous}: "no rotation" is {@link Optional#empty()}. */
    public KeyRotation {
        Objects.requireNonNull(previous, "previous");
    }
}
