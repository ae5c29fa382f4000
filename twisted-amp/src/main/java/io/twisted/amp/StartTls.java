package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.tls.TlsOptions;

/**
 * Twisted's {@code amp.StartTLS}: a command named {@code StartTLS} with no arguments and an empty answer
 * on the wire; once answered, both sides start TLS. The answering side's responder returns the
 * {@link TlsOptions} (certificate, trusted authorities) to start with:
 *
 * <pre>{@code
 * amp.responder(StartTls.COMMAND, ignored -> ServerTlsOptions.of(certificate));   // server
 * amp.startTls(TlsOptions.forClient("host").withTrustRoots(...));                   // client
 * }</pre>
 */
public final class StartTls extends Command<Void, TlsOptions> {

    /** The command. */
    public static final StartTls COMMAND = new StartTls();

    /** The command (also for {@link AmpResponder}). */
    public StartTls() {
        super(Command.builder("StartTLS", Schema.empty(), Schema.<TlsOptions>nothing()));
    }

    @Override
    protected AmpBox makeResponse(TlsOptions value) {
        if (value == null) {
            throw new IllegalArgumentException("a StartTLS responder must return the TLS options to start with");
        }
        return new AmpBox();
    }

    @Override
    protected TlsOptions parseResponse(AmpBox box) {
        return null;
    }

    @Override
    protected void answerSent(Amp protocol, TlsOptions options) {
        protocol.startTlsNow(options);
    }
}
