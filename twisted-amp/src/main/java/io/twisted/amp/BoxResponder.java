package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.defer.Deferred;

/**
 * Answers one command at the box level: the request box in, a Deferred {@link Reply} out. Failing
 * with a {@link RemoteAmpError} sends that code; any other failure sends {@code UNKNOWN} and closes
 * the connection, as Python Twisted does.
 */
@FunctionalInterface
public interface BoxResponder {

    /** The reply to {@code request}. */
    Deferred<Reply> respond(AmpBox request);

    /**
     * An answer box (without {@code _answer}) and what to do once it is written.
     *
     * @param box the answer's fields
     * @param afterSent run just after the box is written (may be {@code null})
     */
    record Reply(AmpBox box, Runnable afterSent) {
        /** A plain answer. */
        public static Reply of(AmpBox box) {
            return new Reply(box, null);
        }
    }
}
