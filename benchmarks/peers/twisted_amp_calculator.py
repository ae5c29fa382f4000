"""Python Twisted AMP server answering Sum(a, b) -> total, as Twisted's AMP documentation example, for the
benchmark harness: twisted_amp_calculator.py PORT (run with /usr/bin/python3)."""
import sys

from twisted.internet import epollreactor

epollreactor.install()

from twisted.internet import reactor  # noqa: E402
from twisted.internet.protocol import Factory  # noqa: E402
from twisted.protocols import amp  # noqa: E402


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Math(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}


reactor.listenTCP(int(sys.argv[1]), Factory.forProtocol(Math), interface="127.0.0.1")
reactor.run()
