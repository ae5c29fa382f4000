package io.twisted.protocols.wire;

import io.twisted.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Quote of the Day protocol (<a href="https://www.rfc-editor.org/rfc/rfc865">RFC 865</a>), TCP
 * variant: on connection, sends a short message and closes, as Twisted's {@code wire.QOTD}.
 *
 * <p>RFC 865 limits the quote to 512 characters: a longer one is cut to its first 512. It
 * recommends printable ASCII: characters outside US-ASCII are sent as {@code ?}.
 */
public class Qotd extends Protocol {

    /** The longest quote sent, in characters (RFC 865). */
    public static final int MAX_QUOTE_LENGTH = 512;

    /** Twisted's quote. */
    public static final String DEFAULT_QUOTE = "An apple a day keeps the doctor away.\r\n";

    private final Supplier<String> quotes;

    /** Always sends {@link #DEFAULT_QUOTE}. */
    public Qotd() {
        this(() -> DEFAULT_QUOTE);
    }

    /** Sends a quote from {@code quotes} to each connection. */
    public Qotd(Supplier<String> quotes) {
        this.quotes = Objects.requireNonNull(quotes, "quotes");
    }

    /** The quote for this connection (Twisted's {@code getQuote}); by default from the supplier. */
    protected String getQuote() {
        return quotes.get();
    }

    @Override
    public void connectionMade() {
        String quote = getQuote();
        if (quote.length() > MAX_QUOTE_LENGTH) {
            quote = quote.substring(0, MAX_QUOTE_LENGTH);
        }
        transport.write(quote.getBytes(StandardCharsets.US_ASCII));
        transport.loseConnection();
    }
}
