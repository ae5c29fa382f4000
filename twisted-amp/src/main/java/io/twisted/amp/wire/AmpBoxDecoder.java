package io.twisted.amp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A push parser for AMP boxes: feed it whatever arrived, in any chunks, and it hands back each box
 * as soon as its final empty key is read.
 *
 * <pre>{@code
 * AmpBox box;
 * while ((box = decoder.decode(data)) != null) { handle(box); }   // data is left positioned after the last box
 * }</pre>
 *
 * <p>Limits: a key length above {@link AmpBox#MAX_KEY_LENGTH} is an error (as Python's
 * {@code BinaryBoxProtocol}, which drops the connection); a value cannot exceed 65,535 bytes by
 * construction; a whole box above {@code maxBoxSize} bytes is an error, so a peer cannot make this
 * parser's buffer grow without bound with a box that never ends. After an error the decoder is
 * poisoned: every later call throws again.
 */
public final class AmpBoxDecoder {

    /** Default for the largest box accepted: 4 MiB (Python Twisted has no such limit; ours keeps memory bounded). */
    public static final int DEFAULT_MAX_BOX_SIZE = 4 * 1024 * 1024;

    private enum State { KEY_LENGTH, KEY, VALUE_LENGTH, VALUE, FAILED }

    private final int maxBoxSize;
    private State state = State.KEY_LENGTH;
    private final byte[] lengthBytes = new byte[2];
    private int lengthRead;
    private byte[] field;
    private int fieldRead;
    private String key;
    private AmpBox box;
    private int boxSize;

    /** A decoder with the {@link #DEFAULT_MAX_BOX_SIZE default} box limit. */
    public AmpBoxDecoder() {
        this(DEFAULT_MAX_BOX_SIZE);
    }

    /** A decoder refusing boxes larger than {@code maxBoxSize} bytes (encoded). */
    public AmpBoxDecoder(int maxBoxSize) {
        if (maxBoxSize < 2) {
            throw new IllegalArgumentException("maxBoxSize must be at least 2: " + maxBoxSize);
        }
        this.maxBoxSize = maxBoxSize;
    }

    /** Whether part of a box has been read (so the stream must not end here). */
    public boolean isMidBox() {
        return box != null || state != State.KEY_LENGTH || lengthRead != 0;
    }

    /**
     * Reads from {@code in} until one box is complete or {@code in} is empty.
     *
     * @return the box, with {@code in} positioned just after it; or {@code null} when more bytes are
     *     needed (all of {@code in} was consumed)
     * @throws AmpWireException on a key longer than 255 bytes or a box past the size limit
     */
    public AmpBox decode(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case FAILED -> throw new AmpWireException("the AMP stream was already malformed");
                case KEY_LENGTH, VALUE_LENGTH -> {
                    if (!readLength(in)) {
                        return null;
                    }
                    int length = ((lengthBytes[0] & 0xff) << 8) | (lengthBytes[1] & 0xff);
                    lengthRead = 0;
                    if (state == State.KEY_LENGTH) {
                        if (length == 0) {
                            AmpBox done = box == null ? new AmpBox() : box;
                            box = null;
                            boxSize = 0;
                            return done;
                        }
                        if (length > AmpBox.MAX_KEY_LENGTH) {
                            fail("key length " + length + " is longer than the AMP limit of " + AmpBox.MAX_KEY_LENGTH);
                        }
                    }
                    grow(state == State.KEY_LENGTH ? length : 2 + length);
                    field = new byte[length];
                    fieldRead = 0;
                    state = state == State.KEY_LENGTH ? State.KEY : State.VALUE;
                    if (length == 0) {
                        finishField();
                    }
                }
                case KEY, VALUE -> {
                    int n = Math.min(in.remaining(), field.length - fieldRead);
                    in.get(field, fieldRead, n);
                    fieldRead += n;
                    if (fieldRead == field.length) {
                        finishField();
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return null;
    }

    private boolean readLength(ByteBuffer in) {
        while (lengthRead < 2 && in.hasRemaining()) {
            lengthBytes[lengthRead++] = in.get();
        }
        if (lengthRead < 2) {
            return false;
        }
        if (state == State.KEY_LENGTH) {
            grow(2);
        }
        return true;
    }

    private void grow(int n) {
        boxSize += n;
        if (boxSize > maxBoxSize) {
            fail("box is larger than the limit of " + maxBoxSize + " bytes");
        }
    }

    private void finishField() {
        if (state == State.KEY) {
            key = new String(field, StandardCharsets.ISO_8859_1);
            state = State.VALUE_LENGTH;
        } else {
            if (box == null) {
                box = new AmpBox();
            }
            if (box.containsKey(key)) {
                fail("key '" + key + "' appears twice in one box");
            }
            box.put(key, field);
            state = State.KEY_LENGTH;
        }
        field = null;
    }

    private void fail(String reason) {
        state = State.FAILED;
        box = null;
        throw new AmpWireException(reason);
    }
}
