package io.twisted.internet.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Reactor;
import io.twisted.internet.task.Cooperator;
import io.twisted.internet.task.LoopingCall;
import io.twisted.internet.task.Tasks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coroutines, LoopingCall and Cooperator on the real reactor ({@link Reactor#react}): short real
 * delays, no sockets, bounded by a timeout.
 */
class CoroutinesReactorTest {

    @Test
    @Timeout(30)
    void coroutineBodyActsAsTheReactorThreadWhileItHoldsControl() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        int status = Reactor.react(reactor -> {
            Thread reactorThread = Thread.currentThread();
            return Coroutines.inlineCallbacks(reactor, await -> {
            log.add("in reactor thread: " + reactor.isInReactorThread());
            // callLater is a reactor-thread-only method: the body may use it.
            String a = await.await(Tasks.deferLater(reactor, 0.01, () -> "a"));
            log.add("got " + a + ", in reactor thread: " + reactor.isInReactorThread());
            // Completed on a pool thread: the body is resumed through callFromThread.
            String b = await.await(Deferred.fromCompletionStage(CompletableFuture.supplyAsync(() -> "b")));
            log.add("got " + b);
            // A nested coroutine, its body driven by this one.
            String c = await.await(Coroutines.inlineCallbacks(reactor, inner -> {
                log.add("inner in reactor thread: " + reactor.isInReactorThread());
                return inner.await(Tasks.deferLater(reactor, 0.01, () -> "c"));
            }));
            log.add("got " + c);
            log.add("body on its own thread: " + (Thread.currentThread() != reactorThread));
            return null;
            });
        });
        assertEquals(0, status, String.valueOf(log));
        assertEquals(List.of("in reactor thread: true", "got a, in reactor thread: true", "got b",
                "inner in reactor thread: true", "got c", "body on its own thread: true"), log);
    }

    @Test
    @Timeout(30)
    void loopingCallAndCooperatorRunOnTheReactor() {
        List<Integer> ticks = Collections.synchronizedList(new ArrayList<>());
        List<Integer> units = Collections.synchronizedList(new ArrayList<>());
        int status = Reactor.react(reactor -> {
            LoopingCall[] loop = new LoopingCall[1];
            loop[0] = new LoopingCall(reactor, () -> {
                ticks.add(ticks.size());
                if (ticks.size() == 3) {
                    loop[0].stop();
                }
            });
            Deferred<LoopingCall> looped = loop[0].start(0.005);
            Cooperator cooperator = new Cooperator(reactor);
            Deferred<?> cooperated = cooperator.coiterate(IntStream.range(0, 500).<Object>mapToObj(i -> {
                units.add(i);
                return null;
            }).iterator());
            return Deferred.gatherResults(List.of(looped, cooperated), true);
        });
        assertEquals(0, status);
        assertEquals(List.of(0, 1, 2), ticks);
        assertEquals(500, units.size());
        assertTrue(units.get(499) == 499);
    }
}
