package io.twisted.mail.imap4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.mail.maildir.CrlfLines;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maildir files with bare-LF line ends (as procmail, Postfix and Python Twisted write them) are
 * served as CRLF: sizes, header/body split, HEADER.FIELDS and partial fetches all count CRLF.
 */
class ImapBareLfTest {

    private static final String LF = "From: Bob <bob@example.com>\nSubject: plain hello\nTo: alice@example.com\n\nHello Alice,\n.dot line\n";
    private static final String CRLF = LF.replace("\n", "\r\n");

    @TempDir
    Path dir;

    @Test
    void aBareLfFileIsServedAsCrlf() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        Files.writeString(server.maildir.root().resolve("cur").resolve("1700000000.M1P1Q1.procmail:2,S"), LF);
        ImapTestServer.Session s = server.select("INBOX");
        String size = s.send("c FETCH 1 RFC822.SIZE\r\n");
        assertTrue(size.contains("RFC822.SIZE " + CRLF.length() + ")"), size);
        String text = s.send("d FETCH 1 BODY.PEEK[TEXT]\r\n");
        assertTrue(text.contains("BODY[TEXT] {25}\r\nHello Alice,\r\n.dot line\r\n)"), text);
        String fields = s.send("e FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]\r\n");
        assertTrue(fields.contains("{24}\r\nSubject: plain hello\r\n\r\n)"), fields);
        String whole = s.send("f FETCH 1 BODY.PEEK[]\r\n");
        assertTrue(whole.contains("{" + CRLF.length() + "}\r\n" + CRLF + ")"), whole);
        String partial = s.send("g FETCH 1 BODY.PEEK[]<25.10>\r\n");
        assertTrue(partial.contains("BODY[]<25> {10}\r\n" + CRLF.substring(25, 35) + ")"), partial);
        String structure = s.send("h FETCH 1 BODYSTRUCTURE\r\n");
        assertTrue(structure.contains("\"7BIT\" 25 2"), structure);
    }

    @Test
    void appendedBareLfMessagesAndDeliveriesKeepTheirCrlfSize() throws Exception {
        ImapTestServer server = new ImapTestServer(dir, 2);
        ImapTestServer.Session s = server.select("INBOX");
        s.send("c APPEND INBOX {" + LF.length() + "+}\r\n" + LF + "\r\n");
        String size = s.send("d FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER])\r\n");
        assertTrue(size.contains("RFC822.SIZE " + CRLF.length()), size);
        assertTrue(size.contains("BODY[HEADER] {" + (CRLF.indexOf("\r\n\r\n") + 4) + "}"), size);
        try (var files = Files.list(server.maildir.root().resolve("cur"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).contains(",S=" + LF.length() + ",W=" + CRLF.length()), names.toString());
        }
    }

    @Test
    void crlfConversionInEveryReadSize() throws Exception {
        String mixed = "a\nb\r\nc\n\n\r\nd\r\re\n";
        String want = "a\r\nb\r\nc\r\n\r\n\r\nd\r\re\r\n";
        assertEquals(want.length(), CrlfLines.crlfSize(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.US_ASCII))));
        for (int chunk = 1; chunk <= 20; chunk++) {
            InputStream in = CrlfLines.toCrlf(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.US_ASCII)));
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[chunk];
            int n;
            while ((n = in.read(buf, 0, chunk)) >= 0) {
                got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertEquals(want, got.toString(), "chunk " + chunk);
        }
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            big.append("line ").append(i).append('\n');
        }
        byte[] wantBig = big.toString().replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream large = CrlfLines.toCrlf(new ByteArrayInputStream(big.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(new String(wantBig, StandardCharsets.US_ASCII), new String(large.readNBytes(1 << 20), StandardCharsets.US_ASCII),
                "reads larger than the 64 KiB buffer");
        InputStream one = CrlfLines.toCrlf(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder got = new StringBuilder();
        for (int b; (b = one.read()) >= 0;) {
            got.append((char) b);
        }
        assertEquals(want, got.toString());
    }
}
