package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.defer.Failure;

/**
 * What receives boxes from a {@link BinaryBoxProtocol} (Twisted's {@code IBoxReceiver}). Event flow:
 * {@code startReceivingBoxes} once, {@code ampBoxReceived} per box, {@code stopReceivingBoxes} once
 * when the connection ends.
 */
public interface BoxReceiver {

    /** The connection is up; {@code sender} writes boxes to it. */
    void startReceivingBoxes(BoxSender sender);

    /** One box arrived. An exception thrown here ends the connection (logged). */
    void ampBoxReceived(AmpBox box);

    /** The connection ended for {@code reason}. */
    void stopReceivingBoxes(Failure reason);
}
