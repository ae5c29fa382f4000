"""Interop peer for ImapInteropTest: Python's imaplib (and smtplib) against twist mail's IMAP server.

Args: SMTP_PORT IMAP_PORT. Checks \\Recent, keywords, LIST/LSUB attributes, IDLE woken by an SMTP
delivery, EXISTS before APPEND's OK, and the UID forms. Prints OK, or FAIL and a reason.
"""
import imaplib, smtplib, ssl, sys, time

ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ps, pi = map(int, sys.argv[1:3])


def fail(why):
    print("FAIL " + why)
    sys.exit(1)


def smtp(msg):
    s = smtplib.SMTP("127.0.0.1", ps, timeout=30)
    s.starttls(context=ctx)
    s.login("alice", "secret")
    if s.sendmail("b@x.test", ["alice@example.com"], msg):
        fail("SMTP refused")
    s.quit()


def imap():
    m = imaplib.IMAP4("127.0.0.1", pi, timeout=30)
    m.starttls(ssl_context=ctx)
    m.login("alice", "secret")
    return m


smtp(b"Subject: first\r\n\r\nbody one\r\n")

# \Recent: the first session to SELECT claims the new message.
a = imap()
typ, data = a.select("INBOX")
if data != [b"1"]:
    fail("SELECT %r %r" % (typ, data))
if a.recent() != ("OK", [b"1"]):
    fail("RECENT %r" % (a.untagged_responses,))
typ, data = a.fetch("1", "(FLAGS)")
if b"\\Recent" not in data[0]:
    fail("FLAGS without \\Recent: %r" % data)

# Keywords are kept and announced.
typ, data = a.store("1", "+FLAGS", "(Junk $Forwarded)")
if typ != "OK" or b"Junk" not in data[0] or b"$Forwarded" not in data[0]:
    fail("STORE keywords %r %r" % (typ, data))
b = imap()
typ, data = b.select("INBOX")
if b"Junk" not in b.untagged_responses.get("FLAGS", [b""])[0]:
    fail("FLAGS do not list the keyword: %r" % (b.untagged_responses,))
if b.recent() != ("OK", [b"0"]):
    fail("second session sees RECENT %r" % (b.untagged_responses,))
typ, data = b.fetch("1", "(FLAGS)")
if b"Junk" not in data[0] or b"\\Recent" in data[0]:
    fail("second session FLAGS %r" % data)
typ, data = b.search(None, "KEYWORD", "Junk")
if data != [b"1"]:
    fail("SEARCH KEYWORD %r" % data)

# LIST and LSUB.
typ, data = a.create("Lists.twisted.dev")
if typ != "OK":
    fail("CREATE %r" % data)
typ, data = a.list('""', "%")
if data != [b'(\\HasNoChildren) "." "INBOX"', b'(\\HasChildren) "." "Lists"']:
    fail("LIST %% %r" % data)
typ, data = a.list("Lists.", "*")
if data != [b'(\\HasChildren) "." "Lists.twisted"', b'(\\HasNoChildren) "." "Lists.twisted.dev"']:
    fail("LIST Lists.* %r" % data)
a.subscribe("Lists.twisted")
typ, data = imap().lsub('""', "*")
if data != [b'(\\HasChildren) "." "Lists.twisted"']:
    fail("LSUB %r" % data)

# IDLE in b is woken by an SMTP delivery.
tag = b._new_tag()
b.send(tag + b" IDLE\r\n")
if not b.readline().startswith(b"+"):
    fail("IDLE continuation")
smtp(b"Subject: second\r\n\r\nbody two\r\n")
seen = []
while b"EXISTS" not in b"".join(seen):
    seen.append(b.readline())
if seen[0] != b"* 2 EXISTS\r\n":
    fail("IDLE got %r" % seen)
b.send(b"DONE\r\n")
while True:
    line = b.readline()
    if line.startswith(tag):
        break
if b"OK" not in line:
    fail("IDLE end %r" % line)

# APPEND to the selected mailbox: EXISTS before the tagged OK.
typ, data = b.append("INBOX", "(\\Seen)", None, b"Subject: third\r\n\r\nbody three\r\n")
if typ != "OK" or b"APPENDUID" not in data[0]:
    fail("APPEND %r %r" % (typ, data))
if b.untagged_responses.get("EXISTS", [b""])[-1] != b"3" or b.untagged_responses.get("RECENT") != [b"2"]:
    fail("no EXISTS with APPEND: %r" % (b.untagged_responses,))

# UID forms answer with UIDs.
typ, data = b.uid("FETCH", "1:*", "(FLAGS)")
if len(data) != 3 or not all(d.startswith(b"%d (UID %d " % (i + 1, i + 1)) for i, d in enumerate(data)):
    fail("UID FETCH %r" % data)
typ, data = b.uid("SEARCH", "UNSEEN")
if data != [b"1 2"]:
    fail("UID SEARCH %r" % data)
for m in (a, b):
    m.logout()
print("OK")
