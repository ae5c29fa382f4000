package io.twisted.spread.pb;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.PythonTwisted;
import io.twisted.cred.Login;
import io.twisted.cred.Portal;
import io.twisted.cred.Realm;
import io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase;
import io.twisted.internet.ListeningPort;
import io.twisted.internet.defer.Deferred;
import io.twisted.spread.jelly.Tuple;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Perspective Broker against the real Python Twisted (Debian python3-twisted 22.4, {@code interop/pb_peer.py}):
 * its client calls our root, our client calls its root.
 */
class PbInteropTest {

    @BeforeAll
    static void peer() throws Exception {
        PythonTwisted.require();
    }

    /** The avatar of the test realm: as the Python peer's Perspective. */
    public static final class TestAvatar extends Avatar {
        final String name;

        TestAvatar(String name) {
            this.name = name;
        }

        public String perspective_whoami() {
            return name;
        }

        public long perspective_add(long a, long b) {
            return a + b;
        }

        public Viewable perspective_getView() {
            return SHARED_VIEW;
        }
    }

    /** One object, seen differently by each logged-in user. */
    static final Viewable SHARED_VIEW = new Viewable() {
        @SuppressWarnings("unused")
        public String view_greet(Avatar who, String greeting) {
            return greeting + ", " + ((TestAvatar) who).name;
        }
    };

    /** alice/secret; avatars are {@link TestAvatar}s. */
    public static Portal portal() {
        Realm realm = new Realm() {
            @Override
            public <A> Deferred<Login<A>> requestAvatar(Object avatarId, Object mind, List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(new Login<>(iface, iface.cast(new TestAvatar((String) avatarId)), () -> { }));
            }
        };
        return new Portal(realm, List.of(new InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
    }

    @Test
    void pythonClientCallsJavaRoot() throws Exception {
        try (var rt = new PythonTwisted.ReactorThread("pb-interop-server")) {
            ListeningPort port = rt.call(() -> rt.reactor.listenTCP(0, new PbServerFactory(new TestRoot(), TestRoot.types()), "127.0.0.1"));
            ListeningPort portalPort = rt.call(() -> rt.reactor.listenTCP(0, new PbServerFactory(new PortalRoot(portal())), "127.0.0.1"));
            int p = ((InetSocketAddress) port.getHost()).getPort();
            int pp = ((InetSocketAddress) portalPort.getHost()).getPort();
            PythonTwisted.Result r = PythonTwisted.run("pb_peer.py", 60, "client", Integer.toString(p), Integer.toString(pp));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("PB CLIENT OK"), r.output());
            assertTrue(r.output().contains("login alice -> whoami ok"), r.output());
            assertTrue(r.output().contains("cache follows bump ok"), r.output());
            assertTrue(r.output().contains("viewable greet ok"), r.output());
            assertFalse(r.output().contains("WRONG"), r.output());
        }
    }

    static <T> T await(PythonTwisted.ReactorThread rt, Callable<Deferred<T>> call) throws Exception {
        CompletableFuture<T> f = rt.call(() -> call.call().toCompletableFuture());
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void javaClientCallsPythonRoot() throws Exception {
        try (var server = new PythonTwisted.Server("pb_peer.py", "server");
             var rt = new PythonTwisted.ReactorThread("pb-interop-client")) {
            PbClientFactory factory = new PbClientFactory(TestRoot.types());
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", server.port, factory));
            RemoteReference root = await(rt, factory::getRootObject);

            Map<Object, Object> dict = new LinkedHashMap<>();
            dict.put("k", new ArrayList<>(List.of(1L, 2L, Tuple.of(3L, 4L))));
            List<Object> withNone = new ArrayList<>(List.of("unicode \u2603"));
            withNone.add(null);
            Object[] samples = {
                1L, BigInteger.TWO.pow(70).negate(), 1.5, "unicode \u2603", true, false, dict,
                new LinkedHashSet<>(List.of(1L, 2L)), Tuple.of(1L, "two", new ArrayList<>(List.of(3.0))), withNone,
                new ArrayList<>(), new LinkedHashMap<>(), "",
            };
            for (Object v : samples) {
                assertEquals(v, await(rt, () -> root.callRemote("echo", v)), "echo " + v + "\n" + server.output());
            }
            byte[] raw = "bytes\0\u00ff".getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(raw, (byte[]) await(rt, () -> root.callRemote("echo", (Object) raw)));
            assertNull(await(rt, () -> root.callRemote("echo", (Object) null)));
            assertEquals(5L, await(rt, () -> root.callRemote("add", 2L, 3L)));

            ExecutionException e = assertThrows(ExecutionException.class, () -> await(rt, () -> root.callRemote("fail")));
            RemoteError err = assertInstanceOf(RemoteError.class, e.getCause());
            assertEquals("twisted.spread.pb.Error", err.remoteType());
            assertEquals("boom", err.value());

            RemoteReference child = (RemoteReference) await(rt, () -> root.callRemote("child"));
            assertEquals(1L, await(rt, () -> child.callRemote("count")));
            assertEquals(2L, await(rt, () -> child.callRemote("count")));
            rt.call(() -> {
                child.release();
                return null;
            });
            ExecutionException released = assertThrows(ExecutionException.class, () -> await(rt, () -> child.callRemote("count")));
            assertTrue(((RemoteError) released.getCause()).value().contains("Invalid Object ID"), released.getCause().toString());

            Referenceable callback = new Referenceable() {
                @SuppressWarnings("unused")
                public String remote_hello(String x) {
                    return "hello " + x;
                }
            };
            assertEquals("hello pb", await(rt, () -> root.callRemote("callMe", callback, "pb")));
            assertEquals(new TestRoot.Point(3, 4), await(rt, () -> root.callRemote("getCopy")));
            assertEquals(new TestRoot.Point(5, 6), await(rt, () -> root.callRemote("echo", new TestRoot.Point(5, 6))));

            TestRoot.CounterCache cache = (TestRoot.CounterCache) await(rt, () -> root.callRemote("getCache"));
            long before = cache.value;
            assertEquals(before + 1, await(rt, () -> root.callRemote("bump")));
            assertEquals(before + 1, (long) rt.call(() -> cache.value), "observe_setValue ran");
            assertEquals(true, await(rt, () -> root.callRemote("isCounter", cache)));
            rt.call(() -> {
                cache.release();
                return null;
            });
            long now = await(rt, () -> root.callRemote("bump")) instanceof Long l ? l : -1;
            assertEquals(before + 2, now);
            assertEquals(before + 1, (long) rt.call(() -> cache.value), "a released copy gets no updates");

            List<Object> cycle = new ArrayList<>();
            cycle.add(cycle);
            List<?> back = (List<?>) await(rt, () -> root.callRemote("echo", cycle));
            assertSame(back, back.get(0));
            rt.call(() -> {
                factory.disconnect();
                return null;
            });

            int portalPort = Integer.parseInt(server.output().lines().filter(l -> l.startsWith("PORTAL "))
                    .findFirst().orElseThrow().substring(7).trim());
            PbClientFactory login = new PbClientFactory();
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", portalPort, login));
            RemoteReference avatar = await(rt, () -> login.login("alice", "secret", null));
            assertEquals("alice", await(rt, () -> avatar.callRemote("whoami")));
            assertEquals(42L, await(rt, () -> avatar.callRemote("add", 40L, 2L)));
            RemoteReference view = (RemoteReference) await(rt, () -> avatar.callRemote("getView"));
            assertEquals("hi, alice", await(rt, () -> view.callRemote("greet", "hi")));
            PbClientFactory bad = new PbClientFactory();
            rt.call(() -> rt.reactor.connectTCP("127.0.0.1", portalPort, bad));
            ExecutionException denied = assertThrows(ExecutionException.class, () -> await(rt, () -> bad.login("alice", "wrong", null)));
            assertEquals("twisted.cred.error.UnauthorizedLogin", assertInstanceOf(RemoteError.class, denied.getCause()).remoteType());
            rt.call(() -> {
                login.disconnect();
                bad.disconnect();
                return null;
            });
        }
    }
}
