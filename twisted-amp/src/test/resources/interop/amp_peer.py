#!/usr/bin/python3
"""AMP interop peer for twisted-amp's AmpInteropTest (Python Twisted, Debian python3-twisted).

  amp_peer.py server   -> listens on 127.0.0.1:0, prints "PORT <n>", serves Sum/Divide/Echo/More;
                          after answering Echo it calls Ping(n=41) back on the client
  amp_peer.py switch P -> calls SwitchToEcho on 127.0.0.1:P, then speaks raw bytes to the echo the server
                          switched to; prints "AMP SWITCH OK"
  amp_peer.py client P -> calls Sum/Divide/Echo/More/unknown on 127.0.0.1:P and answers Ping;
                          prints "AMP CLIENT OK" and exits 0 iff every answer is right
"""
import sys, datetime, decimal, math
from twisted.internet import reactor, defer, endpoints, task
from twisted.internet.protocol import Factory, Protocol, ClientFactory
from twisted.protocols import amp
from twisted.python import filepath


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


class Echo(amp.Command):
    arguments = [(b"text", amp.Unicode()), (b"data", amp.String()), (b"flag", amp.Boolean()),
                 (b"items", amp.ListOf(amp.Integer())), (b"when", amp.DateTime()),
                 (b"dec", amp.Decimal()),
                 (b"pairs", amp.AmpList([(b"k", amp.Unicode()), (b"v", amp.Integer())])),
                 (b"opt", amp.Unicode(optional=True))]
    response = arguments


class More(amp.Command):
    arguments = [(b"x", amp.Float()), (b"path", amp.Path()), (b"big", amp.Integer())]
    response = arguments


class Ping(amp.Command):
    arguments = [(b"n", amp.Integer())]
    response = [(b"pong", amp.Integer())]


class SwitchToEcho(amp.ProtocolSwitchCommand):
    commandName = b"SwitchToEcho"
    arguments = []
    response = []


class EchoProtocol(Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Peer(amp.AMP):
    is_server = False

    @SwitchToEcho.responder
    def switch_to_echo(self):
        return EchoProtocol()

    pinged = None

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"result": numerator / denominator}

    @Echo.responder
    def echo(self, **kw):
        if self.is_server:
            reactor.callLater(0, self.callRemote, Ping, n=41)
        return kw

    @More.responder
    def more(self, **kw):
        return kw

    @Ping.responder
    def ping(self, n):
        self.pinged = n
        return {"pong": n + 1}


SAMPLE = dict(text="h\u00e9llo \u2603", data=b"\x00\x01binary\xff", flag=True, items=[1, -2, 3 ** 30],
              when=datetime.datetime(2022, 1, 2, 3, 4, 5, 600000,
                                     tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
              dec=decimal.Decimal("3.1415926535"), pairs=[{"k": "a", "v": 1}, {"k": "b", "v": 2}], opt=None)


def server():
    class P(Peer):
        is_server = True
    def listening(port):
        print("PORT %d" % port.getHost().port, flush=True)
    endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(Factory.forProtocol(P)).addCallback(listening)
    reactor.run()


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


@defer.inlineCallbacks
def client(port):
    p = yield endpoints.connectProtocol(endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port), Peer())
    ok = True
    def check(name, good, detail):
        nonlocal ok
        ok &= bool(good)
        print(name, "ok" if good else "WRONG", detail, flush=True)
    r = yield p.callRemote(Sum, a=13, b=81)
    check("Sum", r["total"] == 94, r)
    r = yield p.callRemote(Sum, a=-(2 ** 40), b=1)
    check("Sum negative", r["total"] == -(2 ** 40) + 1, r)
    r = yield p.callRemote(Divide, numerator=1, denominator=4)
    check("Divide", r["result"] == 0.25, r)
    try:
        yield p.callRemote(Divide, numerator=1, denominator=0)
        check("Divide by zero", False, "no error")
    except ZeroDivisionError as e:
        check("Divide by zero", True, "ZeroDivisionError %s" % e)
    r = yield p.callRemote(Echo, **SAMPLE)
    got_opt = r.pop("opt", None)
    exp = dict(SAMPLE); exp.pop("opt")
    check("Echo", r == exp and got_opt is None, r)
    r = yield p.callRemote(Echo, **dict(SAMPLE, opt="present", items=[], pairs=[]))
    check("Echo optional", r["opt"] == "present" and r["items"] == [] and r["pairs"] == [], r)
    for x in [0.1, -2.5e-7, 1e16, 5e-324, float("nan"), float("inf"), float("-inf")]:
        r = yield p.callRemote(More, x=x, path=filepath.FilePath("/tmp/caf\u00e9"), big=2 ** 70)
        check("More %r" % x, same_float(r["x"], x) and r["path"].path == "/tmp/caf\u00e9" and r["big"] == 2 ** 70, r)
    yield task.deferLater(reactor, 0.3, lambda: None)
    check("Java called Ping back", p.pinged == 41, p.pinged)

    class Unknown(amp.Command):
        commandName = b"NoSuchCommand"
    try:
        yield p.callRemote(Unknown)
        check("unknown command", False, "no error")
    except amp.UnhandledCommand as e:
        check("unknown command", True, "UnhandledCommand %s" % e)
    except amp.RemoteAmpError as e:
        check("unknown command", e.errorCode == b"UNHANDLED", e.errorCode)
    p.transport.loseConnection()
    print("AMP CLIENT", "OK" if ok else "FAIL", flush=True)
    return ok


def switch(port):
    done = defer.Deferred()

    class Raw(Protocol):
        got = b""

        def connectionMade(self):
            self.transport.write(b"hello raw bytes")

        def dataReceived(self, data):
            self.got += data
            if self.got == b"hello raw bytes":
                print("AMP SWITCH OK", flush=True)
                self.transport.loseConnection()
                done.callback(True)

    class RawFactory(ClientFactory):
        protocol = Raw

    @defer.inlineCallbacks
    def run():
        p = yield endpoints.connectProtocol(endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port), Peer())
        yield p.callRemote(SwitchToEcho, RawFactory())
        ok = yield done
        return ok
    return run()


if __name__ == "__main__":
    if sys.argv[1] == "switch":
        res = []
        d = switch(int(sys.argv[2]))
        d.addCallbacks(res.append, lambda f: (f.printTraceback(), res.append(False)))
        d.addBoth(lambda _: reactor.callLater(0.1, reactor.stop))
        reactor.callLater(30, reactor.stop)
        reactor.run()
        sys.exit(0 if res and res[0] else 1)
    if sys.argv[1] == "server":
        server()
    else:
        res = []
        d = client(int(sys.argv[2]))
        d.addCallbacks(res.append, lambda f: (f.printTraceback(), res.append(False)))
        d.addBoth(lambda _: reactor.stop())
        reactor.callLater(30, reactor.stop)
        reactor.run()
        sys.exit(0 if res and res[0] else 1)
