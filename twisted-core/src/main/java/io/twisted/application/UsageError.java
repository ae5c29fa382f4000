package io.twisted.application;

/**
 * A command line that does not fit its {@link Options} (Twisted's {@code usage.UsageError}); the
 * message names the bad option, for example {@code unknown option '--lisen' (did you mean --listen?)}.
 */
public class UsageError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
