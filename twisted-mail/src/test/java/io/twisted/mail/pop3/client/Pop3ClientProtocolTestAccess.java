package io.twisted.mail.pop3.client;

/** Shares the POP3 tests' large test message with the IMAP client tests. */
public final class Pop3ClientProtocolTestAccess {

    private Pop3ClientProtocolTestAccess() {
    }

    /** See {@code Pop3ClientProtocolTest.bigMessage()}. */
    public static byte[] bigMessage() {
        return Pop3ClientProtocolTest.bigMessage();
    }
}
