"""Interop peer for MailInteropTest: Python's smtplib, poplib and imaplib against twist mail.

Args: SMTP_PORT POP3_PORT IMAP_PORT MESSAGE_FILE. Delivers MESSAGE_FILE with STARTTLS + AUTH,
checks that relaying is refused, reads the message back with POP3 (STLS) and IMAP (STARTTLS)
and compares byte for byte. Prints OK or a reason, exit status 0 or 1.
"""
import imaplib, poplib, smtplib, ssl, sys

poplib._MAXLINE = 1 << 20  # the test message has a 5000-octet line

ps, pp, pi = map(int, sys.argv[1:4])
msg = open(sys.argv[4], "rb").read()
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

def fail(why):
    print(why[:300]); sys.exit(1)

s = smtplib.SMTP("127.0.0.1", ps, timeout=60)
s.ehlo("client.test")
if s.has_extn("auth"):
    fail("AUTH offered before STARTTLS")
s.starttls(context=ctx); s.ehlo("client.test")
if "PLAIN" not in s.esmtp_features.get("auth", ""):
    fail("AUTH PLAIN not offered after STARTTLS: %r" % s.esmtp_features)
s.login("alice", "secret")
refused = s.sendmail("bob@elsewhere.test", ["alice@example.com"], msg)
if refused:
    fail("refused %r" % refused)
s.quit()

# An anonymous client may not relay.
s = smtplib.SMTP("127.0.0.1", ps, timeout=60); s.ehlo("client.test")
try:
    s.sendmail("bob@elsewhere.test", ["victim@far-away.test"], b"Subject: relay\r\n\r\nx\r\n")
    fail("open relay")
except smtplib.SMTPRecipientsRefused as e:
    code = e.recipients["victim@far-away.test"][0]
    if code not in (550, 554):
        fail("relay refused with %d" % code)
s.quit()

p = poplib.POP3("127.0.0.1", pp, timeout=60)
p.stls(context=ctx); p.user("alice"); p.pass_("secret")
count, size = p.stat()
if count != 1:
    fail("POP3 STAT %r" % ((count, size),))
lines = p.retr(1)[1]
got = b"\r\n".join(lines) + b"\r\n"
if not got.endswith(msg):
    fail("POP3 RETR is not byte-exact")
if len(got) != size:
    fail("POP3 STAT size %d but RETR gave %d" % (size, len(got)))
p.quit()

m = imaplib.IMAP4("127.0.0.1", pi, timeout=60)
m.starttls(ssl_context=ctx)
m.login("alice@example.com", "secret")
typ, data = m.select("INBOX")
if typ != "OK" or data[0] != b"1":
    fail("IMAP SELECT %r %r" % (typ, data))
typ, data = m.uid("FETCH", "1:*", "(BODY.PEEK[] RFC822.SIZE)")
raw = data[0][1]
if raw != got:
    fail("IMAP FETCH BODY[] differs from POP3 RETR")
typ, data = m.store("1", "+FLAGS", "(\\Deleted)")
m.expunge()
typ, data = m.select("INBOX")
if data[0] != b"0":
    fail("IMAP EXPUNGE left %r" % data)
typ, data = m.append("INBOX", "(\\Seen)", None, msg)
if typ != "OK":
    fail("IMAP APPEND %r %r" % (typ, data))
typ, data = m.select("INBOX")
typ, data = m.fetch("1", "(FLAGS BODY.PEEK[])")
if data[0][1] != msg or b"\\Seen" not in data[0][0]:
    fail("IMAP APPEND did not store the message byte-exact with its flags: %r" % (data[0][0],))
m.store("1", "+FLAGS", "(\\Deleted)")
m.expunge()
m.logout()
print("OK")
