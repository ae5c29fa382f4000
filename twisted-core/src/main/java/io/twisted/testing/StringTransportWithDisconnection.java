package io.twisted.testing;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;

/**
 * A {@link StringTransport} that, on {@link #loseConnection()} or {@link #abortConnection()},
 * tells its protocol {@code connectionLost} (once), as Twisted's
 * {@code StringTransportWithDisconnection}.
 */
public class StringTransportWithDisconnection extends StringTransport {

    private Protocol protocol;
    private boolean lost;

    /** Sets the protocol to tell; call it before {@code makeConnection}. */
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void loseConnection() {
        boolean was = isDisconnecting();
        super.loseConnection();
        if (!was) {
            lose(new Failure(new ConnectionDone()));
        }
    }

    @Override
    public void abortConnection() {
        boolean was = isDisconnecting();
        super.abortConnection();
        if (!was) {
            lose(new Failure(new ConnectionAborted()));
        }
    }

    private void lose(Failure reason) {
        if (lost || protocol == null) {
            return;
        }
        lost = true;
        protocol.disconnect(reason);
    }
}
