package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.Protocol;

/**
 * A command after whose answer the connection stops carrying boxes and is handed to another protocol
 * (Twisted's {@code amp.ProtocolSwitchCommand}). The answer box is empty; the answering side's
 * responder returns the {@link Protocol} to hand its end to, and the calling side builds its own with
 * the factory given to {@link Amp#switchProtocol}.
 *
 * @param <A> the arguments
 */
public class ProtocolSwitchCommand<A> extends Command<A, Protocol> {

    /** A switch command named {@code name} with these arguments. */
    public ProtocolSwitchCommand(String name, Schema<A> arguments) {
        super(Command.builder(name, arguments, Schema.<Protocol>nothing()));
    }

    @Override
    protected AmpBox makeResponse(Protocol value) {
        if (value == null) {
            throw new IllegalArgumentException("a ProtocolSwitchCommand responder must return the protocol to switch to");
        }
        return new AmpBox();
    }

    @Override
    protected Protocol parseResponse(AmpBox box) {
        return null;
    }

    @Override
    protected void answerSent(Amp protocol, Protocol inner) {
        protocol.switchTo(inner);
    }
}
