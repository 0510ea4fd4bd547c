"""Prints a message as a reader sees it, after checking that it is a
proper RFC 5322 message: CRLF line ends only, no line over 998 octets
(78 for headers), header lines printable ASCII, each header either
"Name: value" or a continuation starting with white space, the headers
the engine promises, and a UTF-8 text/plain body.

usage: mailshow.py FILE.eml [FILE.json]
Prints "envelope-to: ...", then "Name: decoded value" per header, an
empty line and the decoded body.  Exits 1 (saying why) when malformed.
"""
import email
import email.header
import email.policy
import json
import re
import sys


def bad(why):
    print("malformed: " + why)
    sys.exit(1)


def main():
    raw = open(sys.argv[1], "rb").read()
    if len(sys.argv) > 2:
        meta = json.load(open(sys.argv[2]))
        print("envelope-to: " + ",".join(meta["to"]))
    if re.search(rb"\r(?!\n)|(?<!\r)\n", raw):
        bad("a bare CR or LF")
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        bad("no empty line after the headers")
    names = []
    for line in head.split(b"\r\n"):
        if len(line) > 78:
            bad("a header line of %d characters" % len(line))
        if re.search(rb"[^\x20-\x7e\t]", line):
            bad("a header line that is not printable ASCII: %r" % line)
        if line[:1] in (b" ", b"\t"):
            if not names:
                bad("a continuation before any header")
            continue
        m = re.match(rb"([\x21-\x39\x3b-\x7e]+):", line)
        if not m:
            bad("a header line that is no header: %r" % line)
        names.append(m.group(1).decode().lower())
    for line in body.split(b"\r\n"):
        if len(line) > 998:
            bad("a body line of %d octets" % len(line))
    for want in ("date", "from", "to", "subject", "message-id",
                 "mime-version", "content-type",
                 "content-transfer-encoding"):
        if names.count(want) != 1:
            bad("%d %s headers" % (names.count(want), want))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if msg.get_content_type() != "text/plain":
        bad("content type " + msg.get_content_type())
    if msg.get_content_charset() != "utf-8":
        bad("charset %s" % msg.get_content_charset())
    for name, value in msg.items():
        text = str(email.header.make_header(
            email.header.decode_header(str(value))))
        print("%s: %s" % (name, text))
    print()
    sys.stdout.write(msg.get_content().replace("\r\n", "\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
