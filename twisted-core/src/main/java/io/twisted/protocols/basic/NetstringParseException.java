package io.twisted.protocols.basic;

/** The peer sent a malformed netstring (Twisted's {@code NetstringParseError}). */
public class NetstringParseException extends RuntimeException {

    /** An exception with a message saying what was wrong and where. */
    public NetstringParseException(String message) {
        super(message);
    }
}
