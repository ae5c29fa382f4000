package io.twisted.mail.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.mail.mime.MimeParser;
import io.twisted.mail.mime.MimePart;

/**
 * The MIME parser on arbitrary bytes: it returns a structure whose offsets lie inside the message,
 * and the decoded views of it throw nothing. {@code mvn test} replays the inputs committed under
 * {@code src/test/resources/io/twisted/mail/fuzz/MimeFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class MimeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parsesAnything(byte[] message) {
        walk(MimeParser.parse(message), message.length, 0);
    }

    private static void walk(MimePart part, long size, int depth) {
        if (part.headerStart() < 0 || part.headerStart() > part.bodyStart() || part.bodyStart() > part.end() || part.end() > size) {
            throw new IllegalStateException("offsets outside the message: " + part);
        }
        if (depth > 1000) {
            throw new IllegalStateException("nesting deeper than the parser's limit");
        }
        part.filename();
        part.parameter("charset");
        part.dispositionParameter("filename");
        part.header("Subject");
        for (MimePart child : part.children()) {
            walk(child, size, depth + 1);
        }
        if (part.message() != null) {
            walk(part.message(), size, depth + 1);
        }
    }
}
