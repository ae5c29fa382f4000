package io.twisted.mail.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.internet.task.Clock;
import io.twisted.mail.BlockingCalls;
import io.twisted.mail.LocalDelivery;
import io.twisted.mail.MailDomains;
import io.twisted.mail.maildir.MaildirNames;
import io.twisted.mail.maildir.MaildirStore;
import io.twisted.mail.smtp.SmtpServerOptions;
import io.twisted.mail.smtp.SmtpServerProtocol;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The SMTP server fed arbitrary bytes in arbitrary chunks after a valid start: no exception
 * leaves {@code dataReceived}, and every reply line is a well-formed reply.
 */
class SmtpServerFuzzTest {

    private static final Path ROOT = FuzzDirs.tempDirDeletedAtExit("smtp-fuzz");

    @FuzzTest(maxDuration = "60s")
    void survivesAnything(FuzzedDataProvider data) {
        MailDomains domains = new MailDomains().addDomain("example.com",
                new MaildirStore(ROOT, new MaildirNames(java.time.Clock.systemUTC(), "example.com"))).addUser("example.com", "alice");
        StringTransport t = new StringTransport();
        SmtpServerProtocol p = new SmtpServerProtocol(SmtpServerOptions.builder("mx.example.com").maxMessageSize(4096).build(),
                new LocalDelivery(domains, BlockingCalls.INLINE), new Clock());
        p.makeConnection(t);
        byte[] start = data.pickValue(new String[] {"", "EHLO x\r\n", "EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.com>\r\n",
            "EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n"}).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        p.dataReceived(ByteBuffer.wrap(start));
        while (data.remainingBytes() > 0 && !t.isDisconnecting()) {
            p.dataReceived(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 300))));
        }
        for (String line : t.takeString().split("\r\n")) {
            if (!line.isEmpty() && !line.matches("[2-5][0-9][0-9]([ -].*)?")) {
                throw new IllegalStateException("not an SMTP reply line: " + line);
            }
        }
    }
}
