package io.profilestream.model.security;

/**
 * The API key of the request the current thread serves, set by {@link ApiKeyFilter} for the
 * duration of the request, so that a request forwarded to the instance that owns a key (see
 * {@code OwnerForwarder}) carries the caller's own key, and the owner grants exactly what the
 * caller may do.
 */
public final class CallerApiKey {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallerApiKey() {
    }

    /** The key of the request being served on this thread, or null. */
    public static String current() {
        return CURRENT.get();
    }

    /**
     * Makes {@code key} the current thread's caller key until the returned binding is closed (the
     * previous one, if any, comes back then).
     */
    public static Binding bind(String key) {
        String previous = CURRENT.get();
        CURRENT.set(key);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends a {@link #bind binding}. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
