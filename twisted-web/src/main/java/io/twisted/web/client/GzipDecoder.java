package io.twisted.web.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A push decoder of the gzip format (RFC 1952): header, raw DEFLATE data (RFC 1951) and the CRC-32
 * and size trailer, checked; several members in a row decode as their concatenation (RFC 1952
 * section 2.2). A header is at most {@value #MAX_HEADER} bytes (file name, comment and extra
 * field included).
 */
final class GzipDecoder {

    /** Longest member header accepted. */
    static final int MAX_HEADER = 8 * 1024;

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private enum State { HEADER, BODY, TRAILER, MEMBER_DONE }

    private State state = State.HEADER;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[16 * 1024];
    private long size;
    private boolean sawMember;

    /** Whether the input so far ends at the end of a whole member. */
    boolean isComplete() {
        return state == State.MEMBER_DONE;
    }

    /** Decodes all of {@code in}, handing decoded bytes to {@code sink} (buffers valid during the call). */
    void decode(ByteBuffer in, Consumer<ByteBuffer> sink) throws DataFormatException {
        byte[] b = new byte[in.remaining()];
        in.get(b);
        int off = 0;
        while (off < b.length) {
            switch (state) {
                case MEMBER_DONE -> state = State.HEADER;
                case HEADER -> {
                    int before = pending.size();
                    pending.write(b, off, b.length - off);
                    int hlen = headerLength(pending.toByteArray());
                    if (hlen < 0) {
                        if (pending.size() > MAX_HEADER) {
                            throw new DataFormatException("gzip header longer than " + MAX_HEADER + " bytes");
                        }
                        off = b.length;
                    } else {
                        off += hlen - before;
                        pending.reset();
                        inflater.reset();
                        crc.reset();
                        size = 0;
                        state = State.BODY;
                    }
                }
                case BODY -> {
                    inflater.setInput(b, off, b.length - off);
                    while (true) {
                        int n = inflater.inflate(out);
                        if (n > 0) {
                            crc.update(out, 0, n);
                            size += n;
                            sink.accept(ByteBuffer.wrap(out, 0, n));
                        }
                        if (inflater.finished() || (n == 0 && inflater.needsInput())) {
                            break;
                        }
                        if (n == 0 && inflater.needsDictionary()) {
                            throw new DataFormatException("gzip data needs a preset dictionary");
                        }
                    }
                    if (inflater.finished()) {
                        off = b.length - inflater.getRemaining();
                        state = State.TRAILER;
                    } else {
                        off = b.length;
                    }
                }
                case TRAILER -> {
                    int take = Math.min(8 - pending.size(), b.length - off);
                    pending.write(b, off, take);
                    off += take;
                    if (pending.size() == 8) {
                        byte[] t = pending.toByteArray();
                        pending.reset();
                        long expectedCrc = le32(t, 0);
                        long expectedSize = le32(t, 4);
                        if (expectedCrc != crc.getValue()) {
                            throw new DataFormatException("gzip CRC-32 mismatch");
                        }
                        if (expectedSize != (size & 0xffffffffL)) {
                            throw new DataFormatException("gzip size mismatch");
                        }
                        sawMember = true;
                        state = State.MEMBER_DONE;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    /** The header's length if {@code h} holds all of it, else -1; throws if it is not gzip. */
    private static int headerLength(byte[] h) throws DataFormatException {
        if (h.length >= 1 && (h[0] & 0xff) != 0x1f || h.length >= 2 && (h[1] & 0xff) != 0x8b) {
            throw new DataFormatException("not in gzip format");
        }
        if (h.length >= 3 && h[2] != 8) {
            throw new DataFormatException("unsupported gzip compression method " + h[2]);
        }
        if (h.length < 10) {
            return -1;
        }
        int flags = h[3] & 0xff;
        int i = 10;
        if ((flags & FEXTRA) != 0) {
            if (h.length < i + 2) {
                return -1;
            }
            i += 2 + ((h[i] & 0xff) | (h[i + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            i = skipZeroTerminated(h, i);
            if (i < 0) {
                return -1;
            }
        }
        if ((flags & FCOMMENT) != 0) {
            i = skipZeroTerminated(h, i);
            if (i < 0) {
                return -1;
            }
        }
        if ((flags & FHCRC) != 0) {
            i += 2;
        }
        return h.length >= i ? i : -1;
    }

    private static int skipZeroTerminated(byte[] h, int i) {
        for (int j = i; j < h.length; j++) {
            if (h[j] == 0) {
                return j + 1;
            }
        }
        return -1;
    }

    /** Whether at least one whole member was decoded. */
    boolean sawMember() {
        return sawMember;
    }
}
