package io.twisted.spread.pb;

import static io.twisted.spread.pb.BrokerTest.failure;
import static io.twisted.spread.pb.BrokerTest.result;
import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.defer.Deferred;
import io.twisted.testing.LoopbackPump;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PB login through cred, Java to Java in memory. */
class PbLoginTest {

    @Test
    void responseIsMd5OfMd5PasswordAndChallenge() {
        // Python: pb.respond(b"0123456789abcdef", b"secret").hex()
        byte[] r = PbChallenge.respond("0123456789abcdef".getBytes(StandardCharsets.US_ASCII), "secret".getBytes(StandardCharsets.US_ASCII));
        assertEquals("fb654aad50303a26b539858afb969f27", io.twisted.testing.Bytes.toHex(r).replace(" ", ""));
        assertTrue(new PbChallenge.Response("alice", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), r).checkPassword("secret"));
        assertFalse(new PbChallenge.Response("alice", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), r).checkPassword("Secret"));
    }

    @Test
    void loginWithPasswordGivesTheAvatar() {
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(5).connect(new PbServerFactory(new PortalRoot(PbInteropTest.portal())), client);
        Deferred<RemoteReference> login = client.login("alice", "secret", null);
        pump.pump();
        RemoteReference avatar = result(login);
        Deferred<Object> who = avatar.callRemote("whoami");
        pump.pump();
        assertEquals("alice", result(who));
    }

    @Test
    void badPasswordAndAnonymousAreRefused() {
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.connect(new PbServerFactory(new PortalRoot(PbInteropTest.portal())), client);
        Deferred<RemoteReference> bad = client.login("alice", "wrong", null);
        Deferred<RemoteReference> nobody = client.login("mallory", "secret", null);
        Deferred<RemoteReference> anonymous = client.loginAnonymous(null);
        pump.pump();
        assertEquals("twisted.cred.error.UnauthorizedLogin", ((RemoteError) failure(bad).value()).remoteType());
        assertEquals("twisted.cred.error.UnauthorizedLogin", ((RemoteError) failure(nobody).value()).remoteType());
        assertInstanceOf(RemoteError.class, failure(anonymous).value());
    }

    @Test
    void viewablesKnowTheCallersAvatar() {
        PbServerFactory server = new PbServerFactory(new PortalRoot(PbInteropTest.portal()));
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<RemoteReference> login = client.login("alice", "secret", null);
        pump.pump();
        Deferred<Object> view = result(login).callRemote("getView");
        pump.pump();
        RemoteReference v = (RemoteReference) result(view);
        Deferred<Object> greeting = v.callRemote("greet", "hi");
        pump.pump();
        assertEquals("hi, alice", result(greeting));
        Deferred<Object> again = result(login).callRemote("getView");
        pump.pump();
        assertEquals(v.luid(), ((RemoteReference) result(again)).luid(), "one reference per (avatar, object)");
    }

    @Test
    void avatarsAreLoggedOutWhenTheConnectionEnds() {
        java.util.List<String> loggedOut = new java.util.ArrayList<>();
        io.twisted.cred.Realm realm = new io.twisted.cred.Realm() {
            @Override
            public <A> Deferred<io.twisted.cred.Login<A>> requestAvatar(Object avatarId, Object mind, java.util.List<Class<? extends A>> interfaces) {
                Class<? extends A> iface = interfaces.get(0);
                return Deferred.succeed(new io.twisted.cred.Login<>(iface, iface.cast(new PbInteropTest.TestAvatar((String) avatarId)),
                        () -> loggedOut.add((String) avatarId)));
            }
        };
        var portal = new io.twisted.cred.Portal(realm, java.util.List.of(
                new io.twisted.cred.checkers.InMemoryUsernamePasswordDatabase().addUser("alice", "secret")));
        PbClientFactory client = new PbClientFactory();
        LoopbackPump pump = LoopbackPump.connect(new PbServerFactory(new PortalRoot(portal)), client);
        Deferred<RemoteReference> login = client.login("alice", "secret", null);
        pump.pump();
        assertNotNull(result(login));
        assertEquals(java.util.List.of(), loggedOut);
        client.disconnect();
        pump.pump();
        assertEquals(java.util.List.of("alice"), loggedOut);
    }
}
