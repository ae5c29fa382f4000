package io.twisted.amp;

/** Finds the responder for a command name (Twisted's {@code IResponderLocator}). */
@FunctionalInterface
public interface CommandLocator {
    /** The responder for {@code commandName}, or {@code null} (the peer then gets {@code UNHANDLED}). */
    BoxResponder locateResponder(String commandName);
}
