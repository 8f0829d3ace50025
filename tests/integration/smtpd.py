#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# A real SMTP server for cetrack's tests, built on Debian's python3-aiosmtpd:
# listens on 127.0.0.1 only, prints "PORT <n>" once it accepts connections,
# and writes every accepted message to a maildir-like directory
# (<n>.env with the envelope, then <n>.eml with the exact bytes received,
# each renamed into place so that a reader never sees half a file).
# Faults on demand: 451 to the first N DATA commands, 550 to every RCPT,
# STARTTLS required, AUTH required. Stops cleanly on SIGTERM or SIGINT.
# Run it with /usr/bin/python3; see tests/integration/README.md.

import argparse
import asyncio
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.maildir = args.maildir
        self.fail_left = args.fail_first
        self.reject = args.reject
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.count += 1
        n = self.count
        if self.maildir:
            env = "MAIL FROM:<%s>\n" % envelope.mail_from
            for r in envelope.rcpt_tos:
                env += "RCPT TO:<%s>\n" % r
            tls = server.transport.get_extra_info("ssl_object") is not None
            env += "TLS: %s\n" % ("yes" if tls else "no")
            login = ""
            if isinstance(session.auth_data, LoginPassword):
                login = session.auth_data.login.decode("utf-8", "replace")
            env += "AUTH: %s\n" % login
            env += "HELO: %s\n" % session.host_name
            write_atomic(os.path.join(self.maildir, "%d.env" % n),
                         env.encode("utf-8"))
            write_atomic(os.path.join(self.maildir, "%d.eml" % n),
                         envelope.original_content)
        return "250 2.0.0 Ok: queued as CET%04d" % n


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


def make_authenticator(user, passfile):
    with open(passfile, "rb") as f:
        password = f.read().rstrip(b"\n")
    user_b = user.encode("utf-8")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login == user_b and auth_data.password == password)
        # handled=False: aiosmtpd then answers 535 itself.
        return AuthResult(success=ok, handled=False,
                          auth_data=auth_data if ok else None)
    return authenticator


def main():
    p = argparse.ArgumentParser(description="SMTP server for cetrack tests")
    p.add_argument("--port", type=int, default=0,
                   help="port on 127.0.0.1 (0: any free one)")
    p.add_argument("--starttls", action="store_true",
                   help="offer STARTTLS (needs --cert and --key)")
    p.add_argument("--require-starttls", action="store_true",
                   help="refuse MAIL and AUTH before STARTTLS")
    p.add_argument("--tls", action="store_true",
                   help="implicit TLS from the first byte (smtps://)")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", metavar="USER:PASSFILE",
                   help="require AUTH PLAIN or LOGIN with this user and "
                   "the password in PASSFILE")
    p.add_argument("--maildir", help="directory for <n>.eml and <n>.env")
    p.add_argument("--fail-first", type=int, default=0, metavar="N",
                   help="answer 451 to the first N DATA commands")
    p.add_argument("--reject", action="store_true",
                   help="answer 550 to every RCPT")
    p.add_argument("--verbose", action="store_true",
                   help="aiosmtpd's log on stderr (failed handshakes "
                   "are expected in the tests and quiet otherwise)")
    args = p.parse_args()
    logging.basicConfig(stream=sys.stderr)
    if not args.verbose:
        # "Requiring AUTH while not requiring TLS": intended on loopback.
        warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(
        logging.DEBUG if args.verbose else logging.CRITICAL)

    tls_wanted = args.starttls or args.require_starttls or args.tls
    if tls_wanted and not (args.cert and args.key):
        p.error("--starttls, --require-starttls and --tls need "
                "--cert and --key")
    context = None
    if tls_wanted:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    kw = {"hostname": "smtpd.test.example.org", "timeout": 30}
    if args.starttls or args.require_starttls:
        kw["tls_context"] = context
        kw["require_starttls"] = args.require_starttls
    if args.auth:
        user, _, passfile = args.auth.partition(":")
        kw["authenticator"] = make_authenticator(user, passfile)
        kw["auth_required"] = True
        # Over STARTTLS, AUTH only after the handshake; on a plain
        # loopback server it is accepted in clear, as cetrack allows.
        kw["auth_require_tls"] = bool(args.starttls or
                                      args.require_starttls)
    if args.maildir:
        os.makedirs(args.maildir, exist_ok=True)

    handler = Handler(args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, loop=loop, **kw),
        host="127.0.0.1", port=args.port,
        ssl=context if args.tls else None))
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()
    loop.run_until_complete(stop.wait())
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
