package io.twisted.spread.banana;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A push parser for Banana: feed it bytes in any chunks; each complete top-level expression goes to
 * the consumer. Values: {@link Long} (or {@link BigInteger} past the long range), {@link Double},
 * {@code byte[]}, {@code List<Object>}; in the {@code pb} dialect a vocabulary symbol reads as the
 * {@code byte[]} of its word.
 *
 * <p>Limits (each breach is a {@link BananaError}; the decoder is then poisoned): at most
 * {@link Banana#PREFIX_LIMIT} prefix bytes; lists and strings of at most {@link Banana#SIZE_LIMIT};
 * lists nested at most {@code maxDepth} deep (default {@value #DEFAULT_MAX_DEPTH}; Python has no such
 * limit but recursion bounds it); one top-level expression at most {@code maxExpressionBytes} bytes
 * (default {@value #DEFAULT_MAX_EXPRESSION_BYTES}), which bounds memory; an unknown type byte or
 * vocabulary number; a symbol outside the pb dialect.
 */
public final class BananaDecoder {

    /** Default nesting limit. */
    public static final int DEFAULT_MAX_DEPTH = 256;
    /** Default limit on the encoded size of one top-level expression: 16 MiB. */
    public static final int DEFAULT_MAX_EXPRESSION_BYTES = 16 * 1024 * 1024;

    private enum State { PREFIX, STRING, FLOAT, FAILED }

    private final int maxDepth;
    private final int maxExpressionBytes;
    private boolean pbDialect;

    private State state = State.PREFIX;
    private final byte[] prefix = new byte[Banana.PREFIX_LIMIT];
    private int prefixLength;
    private byte[] field;
    private int fieldRead;
    private long expressionBytes;

    private final ArrayList<Object[]> stack = new ArrayList<>(); // {Integer expected, List<Object> items}

    /** A decoder with the default limits, not yet in the pb dialect. */
    public BananaDecoder() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_EXPRESSION_BYTES);
    }

    /** A decoder with these limits. */
    public BananaDecoder(int maxDepth, int maxExpressionBytes) {
        this.maxDepth = maxDepth;
        this.maxExpressionBytes = maxExpressionBytes;
    }

    /** Turns vocabulary symbols on (after the {@code pb} dialect was chosen). */
    public void setPbDialect(boolean on) {
        this.pbDialect = on;
    }

    /**
     * Reads all of {@code in}, giving {@code out} each complete top-level expression.
     *
     * @throws BananaError when the stream is malformed or breaks a limit
     */
    public void decode(ByteBuffer in, Consumer<Object> out) {
        while (in.hasRemaining()) {
            if (state == State.FAILED) {
                throw new BananaError("the Banana stream was already malformed");
            }
            count(1);
            switch (state) {
                case PREFIX -> {
                    int b = in.get() & 0xff;
                    if (b < 0x80) {
                        if (prefixLength == Banana.PREFIX_LIMIT) {
                            fail("Security precaution: more than " + Banana.PREFIX_LIMIT + " bytes of prefix");
                        }
                        prefix[prefixLength++] = (byte) b;
                    } else {
                        typeByte(b, out);
                    }
                }
                case STRING, FLOAT -> {
                    expressionBytes--; // counted below in bulk
                    int n = Math.min(in.remaining(), field.length - fieldRead);
                    count(n);
                    in.get(field, fieldRead, n);
                    fieldRead += n;
                    if (fieldRead == field.length) {
                        byte[] f = field;
                        field = null;
                        State was = state;
                        state = State.PREFIX;
                        if (was == State.STRING) {
                            gotItem(f, out);
                        } else {
                            gotItem(ByteBuffer.wrap(f).getDouble(), out);
                        }
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
    }

    private void count(int n) {
        expressionBytes += n;
        if (expressionBytes > maxExpressionBytes) {
            fail("expression is longer than the limit of " + maxExpressionBytes + " bytes");
        }
    }

    private void typeByte(int type, Consumer<Object> out) {
        int n = prefixLength;
        prefixLength = 0;
        switch (type) {
            case Banana.LIST -> {
                int count = size(n, "List");
                if (stack.size() >= maxDepth) {
                    fail("lists nested deeper than " + maxDepth);
                }
                stack.add(new Object[] {count, new ArrayList<>(Math.min(count, 1024))});
                finishLists(out);
            }
            case Banana.STRING -> {
                int length = size(n, "String");
                field = new byte[length];
                fieldRead = 0;
                state = State.STRING;
                if (length == 0) {
                    field = null;
                    state = State.PREFIX;
                    gotItem(new byte[0], out);
                }
            }
            case Banana.INT, Banana.LONGINT -> gotItem(number(n, false), out);
            case Banana.NEG, Banana.LONGNEG -> gotItem(number(n, true), out);
            case Banana.FLOAT -> {
                if (n != 0) {
                    fail("a float has no prefix");
                }
                field = new byte[8];
                fieldRead = 0;
                state = State.FLOAT;
            }
            case Banana.VOCAB -> {
                Object num = number(n, false);
                if (!pbDialect) {
                    fail("vocabulary symbol " + num + " outside the pb dialect");
                }
                String word = num instanceof Long l && l <= Integer.MAX_VALUE ? Banana.INCOMING_VOCABULARY.get(l.intValue()) : null;
                if (word == null) {
                    fail("unknown vocabulary symbol " + num);
                }
                gotItem(word.getBytes(StandardCharsets.ISO_8859_1), out);
            }
            default -> fail(String.format("Invalid Type Byte 0x%02x", type));
        }
    }

    private int size(int n, String what) {
        Object v = number(n, false);
        if (!(v instanceof Long l) || l > Banana.SIZE_LIMIT) {
            fail("Security precaution: " + what + " too long (" + v + ")");
        }
        return (int) (long) (Long) v;
    }

    private Object number(int n, boolean negative) {
        if (n <= 8) {
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 7) | prefix[i];
            }
            return negative ? -v : v;
        }
        BigInteger v = BigInteger.ZERO;
        for (int i = n - 1; i >= 0; i--) {
            v = v.shiftLeft(7).or(BigInteger.valueOf(prefix[i]));
        }
        if (negative) {
            v = v.negate();
        }
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    @SuppressWarnings("unchecked")
    private void gotItem(Object item, Consumer<Object> out) {
        if (stack.isEmpty()) {
            expressionBytes = 0;
            out.accept(item);
            return;
        }
        ((List<Object>) stack.get(stack.size() - 1)[1]).add(item);
        finishLists(out);
    }

    @SuppressWarnings("unchecked")
    private void finishLists(Consumer<Object> out) {
        while (!stack.isEmpty()) {
            Object[] top = stack.get(stack.size() - 1);
            List<Object> items = (List<Object>) top[1];
            if (items.size() != (Integer) top[0]) {
                return;
            }
            stack.remove(stack.size() - 1);
            if (stack.isEmpty()) {
                expressionBytes = 0;
                out.accept(items);
                return;
            }
            ((List<Object>) stack.get(stack.size() - 1)[1]).add(items);
        }
    }

    private void fail(String reason) {
        state = State.FAILED;
        stack.clear();
        field = null;
        throw new BananaError(reason);
    }
}
