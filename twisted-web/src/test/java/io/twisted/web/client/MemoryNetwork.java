package io.twisted.web.client;

import io.twisted.testing.LoopbackPump;
import io.twisted.testing.MemoryConnector;
import io.twisted.testing.MemoryReactor;
import io.twisted.web.client.FakeHttpServer.Answer;
import io.twisted.web.client.FakeHttpServer.Received;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Connects every connection attempt of a MemoryReactor to a scripted server and pumps until quiet. */
final class MemoryNetwork {

    final MemoryReactor reactor = new MemoryReactor();
    final List<Received> requests = new ArrayList<>();
    final List<String> hosts = new ArrayList<>();
    final int[] connections = new int[1];
    private final Function<Received, Answer> script;
    private final List<LoopbackPump> pumps = new ArrayList<>();
    private final int chunkSize;

    MemoryNetwork(Function<Received, Answer> script) {
        this(script, Integer.MAX_VALUE);
    }

    MemoryNetwork(Function<Received, Answer> script, int chunkSize) {
        this.script = script;
        this.chunkSize = chunkSize;
    }

    /** Connects pending attempts and pumps every connection until nothing moves. */
    void drive() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (var c : reactor.tcpClients()) {
                MemoryConnector connector = c.connector();
                if (connector.state() == MemoryConnector.State.CONNECTING) {
                    hosts.add(c.host() + ":" + c.port());
                    pumps.add(connector.connectTo(FakeHttpServer.factory(script, requests, connections),
                            LoopbackPump.builder().chunkSize(chunkSize)));
                    progress = true;
                }
            }
            for (LoopbackPump p : new ArrayList<>(pumps)) {
                if (p.pump() > 0) {
                    progress = true;
                }
            }
        }
    }
}
