package io.twisted.spread.banana;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/** The Banana decoder on arbitrary bytes in arbitrary chunks: expressions or a {@link BananaError}, nothing else. */
class BananaFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefuses(FuzzedDataProvider data) {
        BananaDecoder decoder = new BananaDecoder(64, 1 << 20);
        decoder.setPbDialect(data.consumeBoolean());
        try {
            while (data.remainingBytes() > 0) {
                decoder.decode(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 300))), expression -> { });
            }
        } catch (BananaError e) {
            // refused: the connection would be dropped
        }
    }
}
