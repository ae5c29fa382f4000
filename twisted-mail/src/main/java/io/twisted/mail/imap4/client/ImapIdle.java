package io.twisted.mail.imap4.client;

import io.twisted.internet.defer.Deferred;

/**
 * An IDLE command in progress (RFC 2177): updates arrive at the {@link ImapUntaggedListener}
 * until {@link #done()}.
 */
public interface ImapIdle {

    /** Fires once the server has accepted IDLE (its {@code +} continuation). */
    Deferred<Void> started();

    /**
     * Sends DONE (once the server has accepted IDLE); the Deferred fires with the tagged OK's text.
     * Calling it again returns the same Deferred.
     */
    Deferred<String> done();
}
