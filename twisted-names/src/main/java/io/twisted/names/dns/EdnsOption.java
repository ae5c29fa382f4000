package io.twisted.names.dns;

import java.util.Arrays;

/** One EDNS0 option: OPTION-CODE and OPTION-DATA (RFC 6891 §6.1.2). */
public final class EdnsOption {

    /** NSID, RFC 5001. */
    public static final int NSID = 3;
    /** Client subnet, RFC 7871. */
    public static final int CLIENT_SUBNET = 8;
    /** Cookie, RFC 7873. */
    public static final int COOKIE = 10;
    /** Padding, RFC 7830. */
    public static final int PADDING = 12;

    private final int code;
    private final byte[] data;

    public EdnsOption(int code, byte[] data) {
        if (code < 0 || code > 0xffff || data.length > 0xffff) {
            throw new IllegalArgumentException("EDNS option out of range");
        }
        this.code = code;
        this.data = data.clone();
    }

    public int code() {
        return code;
    }

    public byte[] data() {
        return data.clone();
    }

    int length() {
        return data.length;
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdnsOption && ((EdnsOption) o).code == code && Arrays.equals(((EdnsOption) o).data, data);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OPTION" + code + "=" + Rdata.hex(data);
    }
}
