package io.twisted.internet;

/** The reactor's system events, for {@link ReactorCore#addSystemEventTrigger}. */
public enum SystemEvent {
    /** The reactor starts running. */
    STARTUP,
    /** The reactor is stopping. */
    SHUTDOWN;

    /** When a trigger runs relative to its event (Twisted's "before", "during", "after"). */
    public enum Phase {
        BEFORE, DURING, AFTER
    }
}
