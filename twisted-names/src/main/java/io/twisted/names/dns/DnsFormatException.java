package io.twisted.names.dns;

/**
 * Bytes or text that are not a valid DNS message, name or record: a truncated packet, a
 * compression loop, a label over 63 octets, a name over 255 octets, a bad RDATA length, a
 * malformed presentation-format field. A server answers it with FORMERR (RFC 1035 §4.1.1).
 */
public class DnsFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DnsFormatException(String message) {
        super(message);
    }

    public DnsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
