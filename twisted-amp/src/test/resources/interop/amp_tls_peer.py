#!/usr/bin/python3
"""AMP StartTLS interop peer for twisted-amp's AmpStartTlsInteropTest (Python Twisted + pyOpenSSL).

  amp_tls_peer.py server KEY.pem CERT.pem -> listens on 127.0.0.1:0, prints "PORT <n>"; answers StartTLS
                                             with the certificate, and Sum (reporting whether TLS is on)
  amp_tls_peer.py client PORT CA.pem      -> StartTLS trusting CA.pem, then Sum over TLS; prints
                                             "AMP TLS CLIENT OK" and exits 0 iff TLS came up and Sum answered
"""
import sys
from twisted.internet import reactor, defer, endpoints, ssl
from twisted.internet.protocol import Factory
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer()), (b"tls", amp.Boolean())]


def tls_on(transport):
    try:
        return transport.getPeerCertificate() is not None or hasattr(transport, "getHandle") and \
            transport.getHandle() is not None
    except Exception:
        return False


class Server(amp.AMP):
    certificate = None

    @amp.StartTLS.responder
    def start_tls(self):
        return {"tls_localCertificate": self.certificate}

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b, "tls": self.transport.TLS if hasattr(self.transport, "TLS") else False}


def server(key, cert):
    pem = open(key, "rb").read() + open(cert, "rb").read()
    Server.certificate = ssl.PrivateCertificate.loadPEM(pem)
    def listening(port):
        print("PORT %d" % port.getHost().port, flush=True)
    endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1").listen(Factory.forProtocol(Server)).addCallback(listening)
    reactor.run()


@defer.inlineCallbacks
def client(port, ca):
    authority = ssl.Certificate.loadPEM(open(ca, "rb").read())
    p = yield endpoints.connectProtocol(endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", port), amp.AMP())
    yield p.callRemote(amp.StartTLS, tls_verifyAuthorities=[authority])
    r = yield p.callRemote(Sum, a=20, b=22)
    cert = p.transport.getPeerCertificate()
    print("Sum over TLS", r, "peer certificate:", cert.get_subject() if cert else None, flush=True)
    ok = r["total"] == 42 and r["tls"] and cert is not None
    p.transport.loseConnection()
    print("AMP TLS CLIENT", "OK" if ok else "FAIL", flush=True)
    return ok


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], sys.argv[3])
    else:
        res = []
        d = client(int(sys.argv[2]), sys.argv[3])
        d.addCallbacks(res.append, lambda f: (f.printTraceback(), res.append(False)))
        d.addBoth(lambda _: reactor.callLater(0.1, reactor.stop))
        reactor.callLater(30, reactor.stop)
        reactor.run()
        sys.exit(0 if res and res[0] else 1)
