package io.twisted.protocols.policies;

import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.PushProducer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The wrapper {@link ThrottlingFactory} puts around each connection (Twisted's
 * {@code policies.ThrottlingProtocol}): counts the bytes read and written, and pauses reading or
 * the registered producer when the factory says so.
 */
public class ThrottlingProtocol extends ProtocolWrapper {

    private final ThrottlingFactory throttlingFactory;
    private Producer producer;
    private boolean readsThrottled;

    /** A wrapper counting for {@code factory}. */
    public ThrottlingProtocol(ThrottlingFactory factory, Protocol wrapped) {
        super(factory, wrapped);
        this.throttlingFactory = factory;
    }

    @Override
    public void write(ByteBuffer data) {
        throttlingFactory.registerWritten(data.remaining());
        super.write(data);
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
        long n = 0;
        for (ByteBuffer b : data) {
            n += b.remaining();
        }
        throttlingFactory.registerWritten(n);
        super.writeSequence(data);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        throttlingFactory.registerRead(data.remaining());
        super.dataReceived(data);
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        super.registerProducer(producer, streaming);
        this.producer = producer;
    }

    @Override
    public void unregisterProducer() {
        producer = null;
        super.unregisterProducer();
    }

    /** Whether reading is paused by the factory. */
    public boolean isReadThrottled() {
        return readsThrottled;
    }

    void throttleReads() {
        readsThrottled = true;
        transport.pauseProducing();
    }

    void unthrottleReads() {
        readsThrottled = false;
        transport.resumeProducing();
    }

    void throttleWrites() {
        if (producer instanceof PushProducer push) {
            push.pauseProducing();
        }
    }

    void unthrottleWrites() {
        if (producer != null) {
            producer.resumeProducing();
        }
    }
}
