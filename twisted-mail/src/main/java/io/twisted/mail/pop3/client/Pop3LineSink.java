package io.twisted.mail.pop3.client;

/**
 * Receives the lines of a multi-line response as they arrive, already dot-unstuffed and without
 * their CRLF (Twisted's {@code consumer} argument of {@code retrieve}). Called on the reactor
 * thread; the array is the sink's to keep.
 */
@FunctionalInterface
public interface Pop3LineSink {

    /** @param line one line of the response, without its line terminator */
    void lineReceived(byte[] line);
}
