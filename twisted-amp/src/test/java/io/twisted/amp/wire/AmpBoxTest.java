package io.twisted.amp.wire;

import static io.twisted.testing.Bytes.hex;
import static io.twisted.testing.Bytes.toArray;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.Chunks;
import io.twisted.testing.Chunkings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmpBoxTest {

    /** The box Twisted's docs show for Sum(a=13, b=81) with tag 1, keys sorted as Python's serialize sorts them. */
    static final byte[] SUM_BOX = toArray(hex(
            "0004 5f61736b"                 // key "_ask"
            + "0001 31"                     // value "1"
            + "0008 5f636f6d6d616e64"       // key "_command"
            + "0003 53756d"                 // value "Sum"
            + "0001 61"                     // key "a"
            + "0002 3133"                   // value "13"
            + "0001 62"                     // key "b"
            + "0002 3831"                   // value "81"
            + "0000"));                     // empty key: end of box

    static AmpBox sumBox() {
        return new AmpBox().putAscii("_command", "Sum").putAscii("_ask", "1").putAscii("a", "13").putAscii("b", "81");
    }

    @Test
    void encodesWithSortedKeysAndEndMarker() {
        assertArrayEquals(SUM_BOX, sumBox().encode());
        assertEquals(SUM_BOX.length, sumBox().encodedSize());
    }

    @Test
    void decodesWholeSplitAndOneByteAtATime() {
        byte[] two = Chunks.concat(SUM_BOX, SUM_BOX);
        for (Chunkings.Chunking chunking : Chunkings.of(two)) {
            AmpBoxDecoder d = new AmpBoxDecoder();
            List<AmpBox> got = new ArrayList<>();
            chunking.forEach(b -> {
                AmpBox box;
                while ((box = d.decode(b)) != null) {
                    got.add(box);
                }
                assertFalse(b.hasRemaining());
            });
            assertEquals(List.of(sumBox(), sumBox()), got, chunking.toString());
            assertFalse(d.isMidBox());
        }
    }

    @Test
    void decodeStopsRightAfterABox() {
        ByteBuffer in = ByteBuffer.wrap(Chunks.concat(SUM_BOX, new byte[] {0, 1}));
        assertEquals(sumBox(), new AmpBoxDecoder().decode(in));
        assertEquals(2, in.remaining());
    }

    @Test
    void emptyValueAndEmptyBox() {
        AmpBox b = new AmpBox().put("k", new byte[0]);
        assertArrayEquals(toArray(hex("0001 6b 0000 0000")), b.encode());
        assertEquals(List.of(b, new AmpBox()), AmpBox.decodeAll(toArray(hex("0001 6b 0000 0000 0000"))));
    }

    @Test
    void refusesLongKeysAndValuesWhenWriting() {
        String key = "k".repeat(256);
        AmpWireException e = assertThrows(AmpWireException.class, () -> new AmpBox().put(key, new byte[1]));
        assertTrue(e.getMessage().contains("255"), e.getMessage());
        new AmpBox().put("k".repeat(255), new byte[0]);
        e = assertThrows(AmpWireException.class, () -> new AmpBox().put("v", new byte[65536]));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
        new AmpBox().put("v", new byte[65535]);
        assertThrows(AmpWireException.class, () -> new AmpBox().put("", new byte[0]));
        assertThrows(AmpWireException.class, () -> new AmpBox().put("\u2603", new byte[0]));
    }

    @Test
    void refusesKeyLengthOver255WhenReading() {
        AmpBoxDecoder d = new AmpBoxDecoder();
        AmpWireException e = assertThrows(AmpWireException.class, () -> d.decode(ByteBuffer.wrap(toArray(hex("0100")))));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertThrows(AmpWireException.class, () -> d.decode(ByteBuffer.wrap(new byte[] {0, 0})), "poisoned");
    }

    @Test
    void refusesBoxesPastTheSizeLimit() {
        AmpBoxDecoder d = new AmpBoxDecoder(20);
        byte[] big = new AmpBox().put("k", new byte[30]).encode();
        assertThrows(AmpWireException.class, () -> {
            ByteBuffer in = ByteBuffer.wrap(big);
            while (in.hasRemaining()) {
                d.decode(in);
            }
        });
        AmpBoxDecoder ok = new AmpBoxDecoder(20);
        assertNotNull(ok.decode(ByteBuffer.wrap(new AmpBox().put("k", new byte[10]).encode())));
    }

    @Test
    void refusesDuplicateKeys() {
        assertThrows(AmpWireException.class, () -> AmpBox.decodeAll(toArray(hex("0001 6b 0001 31 0001 6b 0001 32 0000"))));
    }

    @Test
    void decodeAllRefusesTruncatedData() {
        assertThrows(AmpWireException.class, () -> AmpBox.decodeAll(toArray(hex("0001 6b 00"))));
    }

    @Test
    void keysKeepEveryByte() {
        AmpBox b = new AmpBox().put("\u00ff\u0001", "x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(b, AmpBox.decodeAll(b.encode()).get(0));
        assertArrayEquals(toArray(hex("0002 ff01 0001 78 0000")), b.encode());
    }
}
