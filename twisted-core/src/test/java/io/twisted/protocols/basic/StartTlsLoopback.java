package io.twisted.protocols.basic;

import io.twisted.internet.tls.ClientTlsOptions;
import io.twisted.internet.tls.PrivateCertificate;
import io.twisted.internet.tls.SelfSigned;
import io.twisted.internet.tls.ServerTlsOptions;
import io.twisted.internet.tls.TlsOptions;
import java.util.ArrayList;
import java.util.List;

/** An SMTP-like STARTTLS conversation between two LineReceivers, for tests with the real TLS layer. */
public final class StartTlsLoopback {

    private static final PrivateCertificate CA = SelfSigned.createAuthority("basic test CA");
    private static final PrivateCertificate LOCALHOST = SelfSigned.issue(CA, "localhost");

    public static ServerTlsOptions serverOptions() {
        return TlsOptions.forServer(LOCALHOST);
    }

    public static ClientTlsOptions clientOptions() {
        return TlsOptions.forClient("localhost").withTrustRoots(CA.certificateChain());
    }

    private StartTlsLoopback() {
    }

    /** Answers "220 go ahead" to STARTTLS and switches; answers "250 line" to anything else. */
    public static final class Server extends LineReceiver {
        public final List<String> lines = new ArrayList<>();

        @Override
        protected void lineReceived(byte[] line) {
            String text = ascii(line);
            lines.add(text);
            if (text.equals("STARTTLS")) {
                sendLine("220 go ahead");
                transport.startTLS(serverOptions());
            } else {
                sendLine("250 " + text);
            }
        }
    }

    /** Sends STARTTLS, switches on 220, then sends "EHLO secure" over TLS. */
    public static final class Client extends LineReceiver {
        public final List<String> lines = new ArrayList<>();

        @Override
        protected void lineReceived(byte[] line) {
            String text = ascii(line);
            lines.add(text);
            if (text.startsWith("220")) {
                transport.startTLS(clientOptions());
                sendLine("EHLO secure");
            }
        }
    }
}
