package io.twisted.internet.nio;

import io.twisted.internet.ListeningPort;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Reactor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Several reactors in one process, one per core by default, each on its own thread: a listening
 * port opened with {@link #listenTCP} exists once per reactor with {@code SO_REUSEPORT}, so the
 * kernel spreads accepted connections over the reactors, and each connection stays on the reactor
 * that accepted it for its whole life.
 *
 * <p>Each reactor gets its own protocol factory ({@code factoryFor.apply(i)}), so protocol and
 * factory code stays single-threaded exactly as with one reactor; what the factories share must
 * be thread-safe (or, better, not shared). Set up listening ports before {@link #run()}.
 *
 * <pre>{@code
 * ReactorPool pool = ReactorPool.create(0);                       // one reactor per core
 * pool.listenTCP(8000, i -> Factory.forProtocol(Echo::new), 1024, "");
 * pool.run();                                                     // until stop()
 * }</pre>
 */
public final class ReactorPool {

    private final List<NioReactor> reactors = new ArrayList<>();

    private ReactorPool(int n) {
        for (int i = 0; i < n; i++) {
            NioReactor r = new NioReactor();
            r.setReusePort(true);
            reactors.add(r);
        }
    }

    /** A pool of {@code n} reactors; {@code n <= 0} means one per available processor. */
    public static ReactorPool create(int n) {
        return new ReactorPool(n > 0 ? n : Runtime.getRuntime().availableProcessors());
    }

    /** How many reactors. */
    public int size() {
        return reactors.size();
    }

    /** The reactors, in order. */
    public List<Reactor> reactors() {
        return List.copyOf(reactors);
    }

    /**
     * Listens on {@code port} in every reactor (before {@link #run()}); with port 0, the first
     * reactor picks the port and the others share it.
     *
     * @return one listening port per reactor
     */
    public List<ListeningPort> listenTCP(int port, IntFunction<? extends ProtocolFactory> factoryFor, int backlog, String iface) {
        List<ListeningPort> ports = new ArrayList<>();
        int p = port;
        for (int i = 0; i < reactors.size(); i++) {
            ListeningPort lp = reactors.get(i).listenTCP(p, factoryFor.apply(i), backlog, iface);
            ports.add(lp);
            if (p == 0) {
                p = ((InetSocketAddress) lp.getHost()).getPort();
            }
        }
        return ports;
    }

    /**
     * Runs every reactor, the first on the calling thread and the others on threads named
     * {@code twisted-reactor-N}; returns when all have stopped.
     */
    public void run() {
        CountDownLatch others = new CountDownLatch(reactors.size() - 1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < reactors.size(); i++) {
            NioReactor r = reactors.get(i);
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    others.countDown();
                }
            }, "twisted-reactor-" + i);
            threads.add(t);
            t.start();
        }
        try {
            reactors.get(0).run();
        } finally {
            stop();
            try {
                others.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks every running reactor to stop (from any thread). */
    public void stop() {
        for (NioReactor r : reactors) {
            r.callFromThread(() -> {
                if (r.isRunning()) {
                    r.stop();
                }
            });
        }
    }
}
