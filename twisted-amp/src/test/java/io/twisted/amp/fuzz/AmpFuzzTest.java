package io.twisted.amp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twisted.amp.Amp;
import io.twisted.testing.StringTransport;
import java.nio.ByteBuffer;

/**
 * AMP on arbitrary bytes: the protocol answers or drops the connection but never lets an
 * exception out of {@code dataReceived}.
 */
class AmpFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void ampSurvivesAnything(FuzzedDataProvider data) {
        StringTransport t = new StringTransport();
        Amp amp = new Amp(64 * 1024);
        amp.makeConnection(t);
        while (data.remainingBytes() > 0 && !t.isDisconnecting()) {
            amp.dataReceived(ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 300))));
        }
    }
}
