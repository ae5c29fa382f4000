package io.twisted.internet.nio;

import io.twisted.internet.*;
import java.net.SocketAddress;
import java.util.List;

/** Placeholder while the NIO reactor is written on the main branch; replaced before anything lands. */
public final class NioReactor implements Reactor {
    private static UnsupportedOperationException todo() { return new UnsupportedOperationException("NioReactor in progress"); }
    @Override public double seconds() { throw todo(); }
    @Override public DelayedCall callLater(double d, Runnable r) { throw todo(); }
    @Override public List<DelayedCall> getDelayedCalls() { throw todo(); }
    @Override public void run() { throw todo(); }
    @Override public void stop() { throw todo(); }
    @Override public boolean isRunning() { throw todo(); }
    @Override public void callWhenRunning(Runnable r) { throw todo(); }
    @Override public Object addSystemEventTrigger(SystemEvent.Phase p, SystemEvent e, SystemEventTrigger t) { throw todo(); }
    @Override public void removeSystemEventTrigger(Object h) { throw todo(); }
    @Override public void callFromThread(Runnable r) { throw todo(); }
    @Override public boolean isInReactorThread() { throw todo(); }
    @Override public ListeningPort listenTCP(int port, ProtocolFactory f, int backlog, String iface) { throw todo(); }
    @Override public Connector connectTCP(String h, int p, ClientFactory f, double t, SocketAddress b) { throw todo(); }
}
