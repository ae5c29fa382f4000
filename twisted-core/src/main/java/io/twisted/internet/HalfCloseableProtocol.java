package io.twisted.internet;

/**
 * Implemented by a {@link Protocol} that wants to know when one direction of its connection closes
 * (Twisted's {@code IHalfCloseableProtocol}). Without it, the end of the peer's data closes the
 * whole connection.
 */
public interface HalfCloseableProtocol {

    /** The peer will send no more data (it half-closed or shut down its write side). */
    void readConnectionLost();

    /** Our write side is closed, after {@link Transport#loseWriteConnection()} flushed. */
    void writeConnectionLost();
}
