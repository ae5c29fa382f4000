package io.twisted.benchmarks;

import io.twisted.protocols.basic.Int32StringReceiver;
import io.twisted.protocols.basic.LineOnlyReceiver;
import io.twisted.protocols.basic.LineReceiver;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framing throughput: a 64 KiB read holding many 64-byte lines (or 4-byte-prefixed strings), fed
 * as the reactor would (one direct buffer), split into {@code chunk}-byte reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FramingBenchmark {

    @Param({"65536", "1500"})
    public int chunk;

    private ByteBuffer lines;
    private ByteBuffer strings;
    private long count;

    private final LineReceiver lineReceiver = new LineReceiver() {
        @Override
        protected void lineReceived(byte[] line) {
            count += line.length;
        }
    };
    private final LineOnlyReceiver lineOnlyReceiver = new LineOnlyReceiver() {
        @Override
        protected void lineReceived(byte[] line) {
            count += line.length;
        }
    };
    private final Int32StringReceiver int32 = new Int32StringReceiver() {
        @Override
        protected void stringReceived(byte[] string) {
            count += string.length;
        }
    };

    @Setup
    public void setUp() {
        byte[] line = ("x".repeat(62) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        lines = ByteBuffer.allocateDirect(1024 * line.length);
        for (int i = 0; i < 1024; i++) {
            lines.put(line);
        }
        lines.flip();
        strings = ByteBuffer.allocateDirect(1024 * 64);
        for (int i = 0; i < 1024; i++) {
            strings.putInt(60);
            strings.put(new byte[60]);
        }
        strings.flip();
        lineReceiver.makeConnection(new StringTransport());
        lineOnlyReceiver.makeConnection(new StringTransport());
        int32.makeConnection(new StringTransport());
    }

    private long feed(io.twisted.internet.Protocol p, ByteBuffer all) {
        for (int off = 0; off < all.limit(); off += chunk) {
            ByteBuffer b = all.duplicate();
            b.position(off).limit(Math.min(all.limit(), off + chunk));
            p.dataReceived(b);
        }
        return count;
    }

    /** Ops are 64 KiB reads of 1,024 lines each. */
    @Benchmark
    public long lineReceiver() {
        return feed(lineReceiver, lines);
    }

    @Benchmark
    public long lineOnlyReceiver() {
        return feed(lineOnlyReceiver, lines);
    }

    /** Ops are 64 KiB reads of 1,024 strings each. */
    @Benchmark
    public long int32StringReceiver() {
        return feed(int32, strings);
    }
}
