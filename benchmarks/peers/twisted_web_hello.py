"""Python twisted.web "hello" server (13-byte body from a leaf resource) for the harness:
twisted_web_hello.py PORT (run with /usr/bin/python3)."""
import sys

from twisted.internet import epollreactor

epollreactor.install()

from twisted.internet import reactor  # noqa: E402
from twisted.web import resource, server  # noqa: E402


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, World!"


site = server.Site(Hello())
site.displayTracebacks = False
reactor.listenTCP(int(sys.argv[1]), site, backlog=1024, interface="127.0.0.1")
reactor.run()
