"""A real SMTP server for the reminder tests (aiosmtpd, Debian's
python3-aiosmtpd), on 127.0.0.1 at a port the system picks, so that
parallel test runs never collide.

usage: smtpd.py --spool DIR --port-file FILE [--refuse ADDR]...
                [--tls CERT KEY --auth USER PASSWORD]

Each message accepted is written to DIR as N.eml (the DATA as received)
and N.json (envelope sender, recipients, whether TLS and a login were
used).  A recipient given with --refuse is answered 550.  With --tls the
server offers STARTTLS; with --auth it requires a login (over TLS only).
It stops on SIGTERM, when the process that started it is gone, or after
ten idle minutes, so that a test killed midway leaves nothing running.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

IDLE_LIMIT = 600


class Handler:
    def __init__(self, spool, refuse):
        self.spool = spool
        self.refuse = set(refuse)
        self.count = 0
        self.last = time.monotonic()

    async def handle_RCPT(self, server, session, envelope, address, options):
        self.last = time.monotonic()
        if address in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.last = time.monotonic()
        self.count += 1
        base = os.path.join(self.spool, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        meta = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "tls": session.ssl is not None,
            "login": bool(session.authenticated),
        }
        with open(base + ".json", "w") as f:
            json.dump(meta, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 accepted"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword)
                and auth_data.login == user.encode()
                and auth_data.password == password.encode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    return check


async def watchdog(handler, parent):
    while True:
        await asyncio.sleep(1)
        if os.getppid() != parent:
            return
        if time.monotonic() - handler.last > IDLE_LIMIT:
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spool", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    args = ap.parse_args()

    handler = Handler(args.spool, args.refuse)
    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
    auth = authenticator(*args.auth) if args.auth else None

    def factory():
        return SMTP(handler, hostname="smtpd.test", tls_context=context,
                    authenticator=auth, auth_required=auth is not None,
                    auth_require_tls=True)

    parent = os.getppid()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    task = loop.create_task(watchdog(handler, parent))
    task.add_done_callback(lambda _: loop.stop())
    loop.run_forever()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
