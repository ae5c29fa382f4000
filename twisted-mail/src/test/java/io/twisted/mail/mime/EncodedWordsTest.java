package io.twisted.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 2047 encoded words. */
class EncodedWordsTest {

    @Test
    void decodesBAndQInAnyCase() {
        assertEquals("€ rate", EncodedWords.decode("=?UTF-8?B?4oKsIHJhdGU=?="));
        assertEquals("€ rate", EncodedWords.decode("=?utf-8?b?4oKsIHJhdGU?="));
        assertEquals("caf\u00e9 au lait", EncodedWords.decode("=?iso-8859-1?q?caf=E9_au_lait?="));
        assertEquals("Re: caf\u00e9!", EncodedWords.decode("Re: =?ISO-8859-1?Q?caf=e9?=!"));
    }

    @Test
    void decodesAnyJdkCharset() {
        assertEquals("привет", EncodedWords.decode("=?koi8-r?B?0NLJ18XU?="));
        assertEquals("Gr\u00f6\u00dfe", EncodedWords.decode("=?windows-1252?Q?Gr=F6=DFe?="));
        // RFC 2231 section 5: a language after the charset.
        assertEquals("hi there", EncodedWords.decode("=?utf-8*en?Q?hi_there?="));
    }

    @Test
    void dropsWhiteSpaceBetweenAdjacentWordsOnly() {
        assertEquals("ab", EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?="));
        assertEquals("ab", EncodedWords.decode("=?utf-8?q?a?=\r\n\t=?iso-8859-1?q?b?="));
        assertEquals("a x b", EncodedWords.decode("=?utf-8?q?a?= x =?utf-8?q?b?="));
        assertEquals("a b", EncodedWords.decode("=?utf-8?q?a?= b"));
        assertEquals("a b", EncodedWords.decode("a =?utf-8?q?b?="));
    }

    @Test
    void joinsACharacterSplitAcrossWords() {
        // U+20AC is E2 82 AC: the first word has two octets, the second the last.
        assertEquals("€", EncodedWords.decode("=?utf-8?B?4oI=?= =?utf-8?B?rA==?="));
        assertEquals("x€y", EncodedWords.decode("=?UTF-8?Q?x=E2=82?= =?utf-8?Q?=ACy?="));
    }

    @Test
    void leavesWhatItCannotDecodeAsWritten() {
        for (String s : new String[] {"=?x-unknown-charset?Q?abc?=", "=?utf-8?X?abc?=", "=?utf-8?B?***?=",
                "=?", "=?utf-8?Q?unterminated", "=??Q?a?=", "=?utf-8?Q?two words?=", "plain =? text ?= here",
                "=?utf-8?B?", "=?utf-8??="}) {
            assertEquals(s, EncodedWords.decode(s), s);
        }
        assertEquals("a=ZZ=", EncodedWords.decode("=?utf-8?Q?a=ZZ=?="));
        assertEquals("ok =?bogus?Q?x?= ok", EncodedWords.decode("=?utf-8?Q?ok?= =?bogus?Q?x?= =?utf-8?Q?ok?="));
        assertEquals(null, EncodedWords.decode(null));
    }

    @Test
    void headerTextReadsRaw8BitAsUtf8WhenValid() {
        // The parser keeps one char per octet: UTF-8 "café" arrives as c a f Ã ©.
        assertEquals("caf\u00e9 €", EncodedWords.headerText("caf\u00c3\u00a9 =?utf-8?B?4oKs?="));
        // Not valid UTF-8: ISO-8859-1.
        assertEquals("caf\u00e9", EncodedWords.headerText("caf\u00e9"));
    }

    @Test
    void randomInputNeverThrows() {
        java.util.Random rnd = new java.util.Random(2047);
        String[] pieces = {"=?", "?=", "?", "=", "utf-8", "koi8-r", "x-bad", "B", "Q", "q", "_", "=E9", "=Z", "4oKs", "rA==",
                " ", "\t", "\r\n", "*en", "a", "\u00c3\u00a9", "\u20ac", "\""};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(16);
            for (int j = 0; j < n; j++) {
                sb.append(pieces[rnd.nextInt(pieces.length)]);
            }
            String s = sb.toString();
            String d = EncodedWords.decode(s);
            if (!s.contains("=?")) {
                assertEquals(s, d);
            }
            EncodedWords.headerText(s);
        }
    }
}
