package io.twisted.names.dns;

/**
 * One token of presentation format (RFC 1035 §5.1): its text exactly as written, escapes
 * ({@code \X}, {@code \DDD}) still in place, without the surrounding quotes if it was quoted.
 */
public record TextToken(String text, boolean quoted) {

    /** An unquoted token. */
    public static TextToken of(String text) {
        return new TextToken(text, false);
    }

    @Override
    public String toString() {
        return quoted ? '"' + text + '"' : text;
    }
}
