package io.twisted.mail.pop3.client;

/**
 * The answer to STAT (RFC 1939 section 5).
 *
 * @param messageCount messages in the maildrop (not counting those marked deleted)
 * @param totalSize their size in octets
 */
public record Pop3Stat(int messageCount, long totalSize) {
}
