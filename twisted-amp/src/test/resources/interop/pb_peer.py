#!/usr/bin/python3
"""Perspective Broker interop peer for twisted-amp's PbInteropTest (Python Twisted, Debian python3-twisted).

  pb_peer.py server   -> listens on 127.0.0.1:0 with a cred portal (alice/secret; avatar methods
                         whoami() and add(a, b)), prints "PORTAL <m>"; then the root on 127.0.0.1:0,
                         prints "PORT <n>"; root methods: echo(x) -> x,
                         add(a, b), fail() -> raises pb.Error('boom'), child() -> Referenceable with
                         count(), callMe(ref, x) -> ref.callRemote('hello', x), getCopy() -> Point(3, 4)
  pb_peer.py client P [PORTAL] -> exercises a server (and logs in to PORTAL) with the same root on 127.0.0.1:P; prints "PB CLIENT OK"
                         and exits 0 iff every answer is right
A Point travels as the Copyable type b"twj.Point" with state {"x": .., "y": ..}."""
import sys
from zope.interface import implementer
from twisted.internet import reactor, defer, endpoints
from twisted.spread import pb
from twisted.cred import portal, checkers, credentials


class Point(pb.Copyable, pb.RemoteCopy):
    def __init__(self, x=0, y=0):
        self.x, self.y = x, y

    def getTypeToCopy(self):
        return b"twj.Point"


pb.setUnjellyableForClass("twj.Point", Point)


class Counter(pb.Cacheable):
    """A Cacheable sent as b"twj.Counter" with state {"value": n}; copies follow bump() via setValue."""
    def __init__(self):
        self.value = 0
        self.observers = []

    def getTypeToCopy(self):
        return b"twj.Counter"

    def getStateToCacheAndObserveFor(self, perspective, observer):
        self.observers.append(observer)
        return {"value": self.value}

    def stoppedObserving(self, perspective, observer):
        self.observers.remove(observer)

    def bump(self):
        self.value += 1
        for o in self.observers:
            o.callRemote("setValue", self.value)


class CounterCache(pb.RemoteCache):
    def setCopyableState(self, state):
        self.value = state["value"]

    def observe_setValue(self, v):
        self.value = v


pb.setUnjellyableForClass("twj.Counter", CounterCache)


class Child(pb.Referenceable):
    n = 0

    def remote_count(self):
        self.n += 1
        return self.n


class Root(pb.Root):
    def remote_echo(self, x):
        return x

    def remote_add(self, a, b):
        return a + b

    def remote_fail(self):
        raise pb.Error("boom")

    def remote_child(self):
        return Child()

    def remote_callMe(self, ref, x):
        return ref.callRemote("hello", x)

    def remote_getCopy(self):
        return Point(3, 4)

    counter = None

    def remote_getCache(self):
        if self.counter is None:
            Root.counter = Counter()
        return self.counter

    def remote_bump(self):
        self.counter.bump()
        return self.counter.value

    def remote_isCounter(self, o):
        return o is self.counter


class SharedView(pb.Viewable):
    def view_greet(self, who, greeting):
        return "%s, %s" % (greeting, who.name)


SHARED_VIEW = SharedView()


class Perspective(pb.Avatar):
    def __init__(self, name):
        self.name = name

    def perspective_whoami(self):
        return self.name

    def perspective_add(self, a, b):
        return a + b

    def perspective_getView(self):
        return SHARED_VIEW


@implementer(portal.IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        assert pb.IPerspective in interfaces
        return pb.IPerspective, Perspective(avatarId.decode() if isinstance(avatarId, bytes) else avatarId), lambda: None


def server():
    chk = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"secret")
    def portal_listening(port):
        print("PORTAL %d" % port.getHost().port, flush=True)
        return endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(pb.PBServerFactory(Root()))
    def listening(port):
        print("PORT %d" % port.getHost().port, flush=True)
    endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(
        pb.PBServerFactory(portal.Portal(Realm(), [chk]))).addCallback(portal_listening).addCallback(listening)
    reactor.run()


class Callback(pb.Referenceable):
    def remote_hello(self, x):
        return "hello " + x


SAMPLE = [1, -(2 ** 70), 2 ** 70, 1.5, -0.25, "unicode \u2603", b"bytes\x00\xff", None, True, False,
          {"k": [1, 2, (3, 4)]}, {1, 2}, (1, "two", [3.0]), [], {}, "", [[[[["deep"]]]]]]


@defer.inlineCallbacks
def client(port, portal_port=None):
    ok = True
    def check(name, good, detail):
        nonlocal ok
        ok &= bool(good)
        print(name, "ok" if good else "WRONG", detail, flush=True)
    f = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", port, f)
    root = yield f.getRootObject()
    for v in SAMPLE:
        r = yield root.callRemote("echo", v)
        check("echo %r" % (v,), r == v and type(r) == type(v), repr(r))
    shared = [1]
    r = yield root.callRemote("echo", [shared, shared])
    check("echo shared", r == [[1], [1]] and r[0] is r[1], repr(r))
    cyc = []
    cyc.append(cyc)
    r = yield root.callRemote("echo", cyc)
    check("echo cycle", r[0] is r, "cycle kept")
    r = yield root.callRemote("add", 2, 3)
    check("add", r == 5, r)
    try:
        yield root.callRemote("fail")
        check("fail", False, "no error")
    except (pb.Error, pb.RemoteError) as e:
        check("fail", "boom" in str(e), "%s %s" % (type(e).__name__, e))
    c = yield root.callRemote("child")
    n1 = yield c.callRemote("count")
    n2 = yield c.callRemote("count")
    check("child.count", (n1, n2) == (1, 2), (n1, n2))
    r = yield root.callRemote("callMe", Callback(), "pb")
    check("callMe", r == "hello pb", r)
    r = yield root.callRemote("getCopy")
    check("getCopy", isinstance(r, Point) and (r.x, r.y) == (3, 4), type(r).__name__)
    r = yield root.callRemote("echo", Point(5, 6))
    check("echo Point", isinstance(r, Point) and (r.x, r.y) == (5, 6), type(r).__name__)
    cache = yield root.callRemote("getCache")
    v0 = cache.value
    n = yield root.callRemote("bump")
    check("cache follows bump", isinstance(cache, CounterCache) and cache.value == n == v0 + 1, (v0, n, cache.value))
    same = yield root.callRemote("isCounter", cache)
    check("cache sent back is the original", same is True, same)
    f.disconnect()
    if portal_port:
        f2 = pb.PBClientFactory()
        reactor.connectTCP("127.0.0.1", portal_port, f2)
        av = yield f2.login(credentials.UsernamePassword(b"alice", b"secret"))
        who = yield av.callRemote("whoami")
        check("login alice -> whoami", who == "alice", who)
        s = yield av.callRemote("add", 40, 2)
        check("avatar add", s == 42, s)
        v = yield av.callRemote("getView")
        g = yield v.callRemote("greet", "hi")
        check("viewable greet", g == "hi, alice", g)
        f2.disconnect()
        f3 = pb.PBClientFactory()
        reactor.connectTCP("127.0.0.1", portal_port, f3)
        try:
            yield f3.login(credentials.UsernamePassword(b"alice", b"wrong"))
            check("bad password", False, "logged in")
        except Exception as e:
            remote_type = getattr(e, "remoteType", b"")
            check("bad password", b"twisted.cred.error.UnauthorizedLogin" == remote_type, "%s %s %r" % (type(e).__name__, e, remote_type))
        f3.disconnect()
    print("PB CLIENT", "OK" if ok else "FAIL", flush=True)
    return ok


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server()
    else:
        res = []
        d = client(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
        d.addCallbacks(res.append, lambda f: (print(f.getTraceback(), file=sys.stderr), res.append(False)))
        d.addBoth(lambda _: reactor.callLater(0.1, reactor.stop))
        reactor.callLater(30, reactor.stop)
        reactor.run()
        sys.exit(0 if res and res[0] else 1)
