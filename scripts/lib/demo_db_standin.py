#!/usr/bin/env python3
"""The demo's stand-in for its databases' ports: where a port forward to a demo database
(`f` on clinic-db in the console, `opsdeck forward`) ends up, since the demo account's RDS
endpoints exist only in moto. The Session Manager peer sends every forward to a host outside
127.0.0.0/8 here (its --remote-default).

It greets each connection with one line saying what it is, then answers every line it
reads with the line back, so `nc 127.0.0.1 PORT` through a forward shows the path works.
Loopback only.

    python3 scripts/lib/demo_db_standin.py --port PORT
"""
import argparse
import socketserver


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"opsdeck demo: the database stand-in reached through the port forward "
                         b"(no real database here; lines are echoed)\r\n")
        for line in self.rfile:
            self.wfile.write(b"echo: " + line)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    with Server(("127.0.0.1", args.port), Handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
