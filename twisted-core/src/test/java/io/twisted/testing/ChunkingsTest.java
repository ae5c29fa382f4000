package io.twisted.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twisted.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkingsTest {

    private static final byte[] INPUT = "abcd".getBytes(StandardCharsets.US_ASCII);

    @Test
    void yieldsWholeEverySplitAndOneByteAtATime() {
        List<Chunkings.Chunking> all = Chunkings.of(INPUT);
        assertEquals(List.of("whole", "split at 1", "split at 2", "split at 3", "one byte at a time"),
                all.stream().map(Chunkings.Chunking::toString).toList());
        assertEquals(1, all.get(0).chunks().size());
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), all.get(1).chunks().get(0));
        assertArrayEquals("bcd".getBytes(StandardCharsets.US_ASCII), all.get(1).chunks().get(1));
        assertEquals(4, all.get(4).chunks().size());
    }

    @Test
    void everyChunkingReassemblesTheInput() {
        for (Chunkings.Chunking c : Chunkings.of(INPUT)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.forEach(b -> {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out.writeBytes(a);
            });
            assertArrayEquals(INPUT, out.toByteArray(), c.name());
        }
    }

    @Test
    void takesTheRemainingBytesOfABufferWithoutConsumingThem() {
        ByteBuffer in = ByteBuffer.wrap("xxabcd".getBytes(StandardCharsets.US_ASCII));
        in.position(2);
        List<Chunkings.Chunking> all = Chunkings.of(in);
        assertEquals(2, in.position());
        assertArrayEquals(INPUT, all.get(0).chunks().get(0));
    }

    @Test
    void leavesOutDuplicatesForTinyInputs() {
        assertEquals(1, Chunkings.of(new byte[0]).size());
        assertEquals(1, Chunkings.of(new byte[1]).size());
        assertEquals(2, Chunkings.of(new byte[2]).size());
    }

    @Test
    void deliversEachChunkAtANonZeroPositionAndOverwritesItAfterwards() {
        List<ByteBuffer> kept = new ArrayList<>();
        Chunkings.whole(INPUT).feedTo(new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                assertNotEquals(0, data.position());
                assertEquals(INPUT.length, data.remaining());
                kept.add(data);
            }
        });
        ByteBuffer stale = kept.get(0);
        byte[] after = new byte[stale.remaining()];
        stale.get(after);
        assertNotEquals("abcd", new String(after, StandardCharsets.US_ASCII));
    }

    @Test
    void cutsIntoPiecesOfAGivenSize() {
        assertEquals(List.of(2, 2), Chunkings.inPiecesOf(INPUT, 2).chunks().stream().map(a -> a.length).toList());
        assertEquals(List.of(3, 1), Chunkings.inPiecesOf(INPUT, 3).chunks().stream().map(a -> a.length).toList());
        assertThrows(IllegalArgumentException.class, () -> Chunkings.inPiecesOf(INPUT, 0));
        assertThrows(IllegalArgumentException.class, () -> Chunkings.splitAt(INPUT, 5));
    }
}
