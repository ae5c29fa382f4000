/**
 * Flow-controlled streaming of stored messages to a transport, shared by the POP3 and IMAP
 * servers: {@link io.twisted.mail.transfer.StreamSender}.
 */
package io.twisted.mail.transfer;
