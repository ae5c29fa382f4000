package io.twisted.mail.imap4;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The IMAP command-argument parser, SEARCH programs, FETCH items and sequence sets on arbitrary
 * input: a value or an {@link IllegalArgumentException} (the server's BAD), nothing else.
 */
class ImapParsersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseOrRefuse(FuzzedDataProvider data) {
        String set = data.consumeString(40);
        try {
            SequenceSet.parse(set);
        } catch (IllegalArgumentException refused) {
            // BAD
        }
        String item = data.consumeString(80);
        try {
            FetchItem.parse(item);
        } catch (IllegalArgumentException refused) {
            // BAD
        }
        byte[] args = data.consumeRemainingAsBytes();
        List<Object> parsed;
        try {
            parsed = ImapCommandParser.parse(args);
        } catch (IllegalArgumentException refused) {
            return;
        }
        try {
            SearchQuery.parse(parsed, 10, 100);
        } catch (IllegalArgumentException refused) {
            // BAD
        }
    }
}
