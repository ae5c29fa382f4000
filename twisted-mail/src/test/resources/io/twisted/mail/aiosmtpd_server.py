"""aiosmtpd (Debian python3-aiosmtpd 1.4) as an SMTP server peer for SmtpClientInteropTest.

Args: PORT CERT_PEM KEY_PEM OUT_DIR. Offers STARTTLS and AUTH PLAIN/LOGIN (alice/secret, only
after TLS); writes each message's bytes to OUT_DIR/<n>.eml and its envelope to OUT_DIR/<n>.env;
refuses recipients at reject.test with 550. Prints READY once listening; stops when stdin closes.
"""
import os, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
count = [0]

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@reject.test"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        count[0] += 1
        with open(os.path.join(out, "%d.eml" % count[0]), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(out, "%d.env" % count[0]), "w") as f:
            f.write("%s %s %s\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos), bool(session.authenticated)))
        return "250 2.0.0 stored"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"alice" and auth_data.password == b"secret"
    return AuthResult(success=ok)

controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=False,
                        authenticator=authenticator, auth_require_tls=True, decode_data=False)
controller.start()
print("READY", flush=True)
sys.stdin.read()
controller.stop()
