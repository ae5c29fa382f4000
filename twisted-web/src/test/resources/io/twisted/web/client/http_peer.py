"""A tiny HTTP/1.1 peer for the client interop tests (Python's http.server, optionally over TLS).

Usage: python3 http_peer.py DIR [CERT KEY]
Prints "PORT <n>" once listening on 127.0.0.1 (port chosen by the system).
  /gzip          a gzip-encoded text body (Content-Encoding: gzip)
  /redirect      302 to /gzip
  /connections   how many TCP connections the server has accepted
  anything else  files from DIR (SimpleHTTPRequestHandler)
"""
import functools
import gzip
import http.server
import ssl
import sys
import threading

GZIP_TEXT = ("gzip from python " * 200).encode("ascii")
connections = 0
lock = threading.Lock()


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        global connections
        with lock:
            connections += 1
        super().setup()

    def log_message(self, fmt, *args):
        pass

    def send_bytes(self, body, extra=()):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/gzip":
            self.send_bytes(gzip.compress(GZIP_TEXT), [("Content-Encoding", "gzip"), ("Content-Type", "text/plain")])
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/gzip")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/connections":
            with lock:
                n = connections
            self.send_bytes(str(n).encode("ascii"))
        else:
            super().do_GET()


def main():
    directory = sys.argv[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=directory))
    if len(sys.argv) > 3:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
