package io.profilestream.ingest.erasure;

import io.profilestream.ingest.validation.Violation;
import java.util.List;

/** The user id of an erasure call breaks the rules of an event's userId; answered with a 400 problem. */
public final class InvalidUserIdException extends RuntimeException {

    private final transient List<Violation> violations;

    /** @param violations why the id was refused; at least one */
    public InvalidUserIdException(List<Violation> violations) {
        super(violations.get(0).message(), null, false, false);
        this.violations = List.copyOf(violations);
    }

    /** Why the id was refused. */
    public List<Violation> violations() {
        return violations;
    }
}
