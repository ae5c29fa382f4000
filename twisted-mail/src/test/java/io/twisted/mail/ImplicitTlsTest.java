package io.twisted.mail;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.Portal;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.task.Clock;
import io.twisted.internet.tls.TlsTransport;
import io.twisted.mail.imap4.ImapServerProtocol;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.pop3.Pop3ServerProtocol;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.testing.StringTransport;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On an implicit-TLS endpoint (the transport is a TlsTransport) logins are offered at once. */
class ImplicitTlsTest {

    @TempDir
    Path dir;

    /** A StringTransport that says it carries TLS. */
    static final class TlsStringTransport extends StringTransport implements TlsTransport {
        @Override
        public boolean isHandshakeDone() {
            return true;
        }

        @Override
        public String negotiatedProtocol() {
            return null;
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return List.of();
        }

        @Override
        public String serverName() {
            return null;
        }

        @Override
        public SSLSession session() {
            return null;
        }
    }

    private Portal portal() {
        MailDomains domains = new MailDomains().addDomain("example.com", new MaildirStore(dir, new MaildirNames(java.time.Clock.systemUTC(), "h")))
                .addUser("example.com", "alice");
        return new Portal(new MailRealm(domains, new LocalDelivery(domains, BlockingCalls.INLINE)),
                List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    @Test
    void smtpOffersAuthAndNoStartTls() {
        TlsStringTransport t = new TlsStringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("mx").portal(portal())
                .tls(TlsSwitchingTransport.OPTIONS).build(), new LocalDelivery(new MailDomains(), BlockingCalls.INLINE), new Clock());
        p.makeConnection(t);
        p.dataReceived(ascii("EHLO c\r\n"));
        String ehlo = t.valueAsString();
        assertTrue(ehlo.contains("250-AUTH PLAIN LOGIN CRAM-MD5"), ehlo);
        assertFalse(ehlo.contains("STARTTLS"), ehlo);
    }

    @Test
    void pop3AndImapAllowLogin() {
        TlsStringTransport t = new TlsStringTransport();
        Pop3ServerProtocol pop = new Pop3ServerProtocol(Pop3ServerProtocol.Options.of("pop", portal()), new Clock());
        pop.makeConnection(t);
        pop.dataReceived(ascii("USER alice\r\nPASS secret\r\n"));
        assertTrue(t.valueAsString().endsWith("+OK Maildrop ready, 0 messages\r\n"), t.valueAsString());

        TlsStringTransport t2 = new TlsStringTransport();
        ImapServerProtocol imap = new ImapServerProtocol(ImapServerProtocol.Options.of("imap", portal()), new Clock());
        imap.makeConnection(t2);
        assertTrue(t2.valueAsString().contains("AUTH=PLAIN"), t2.valueAsString());
        imap.dataReceived(ascii("a LOGIN alice secret\r\n"));
        assertTrue(t2.valueAsString().contains("a OK "), t2.valueAsString());
    }
}
