#!/usr/bin/env python3
"""Health endpoints of the demo services, on 127.0.0.1, for the deploy health checks in
examples/config.json (the demo's services have no real hosts).

  demo_health.py --port 18080

  GET /clinic/healthz          200 ok
  GET /clickit/v1/health       200 {"status":"healthy"}
  GET /clickit/                200 (front end)
  GET /clickit-dev/v1/ready    503 {"status":"scaled-to-zero"}   (dev is scaled down)
  GET /therapy/health          200 {"status":"ok"}
  GET /personal/healthz        200 ok
"""
import argparse
import http.server
import json
import signal
import sys

ROUTES = {
    "/clinic/healthz": (200, "text/plain", "ok\n"),
    "/clickit/v1/health": (200, "application/json", json.dumps({"status": "healthy", "version": "2026.11.20-2"})),
    "/clickit/": (200, "text/html", "<!doctype html><title>clickit</title>\n"),
    "/clickit-dev/v1/ready": (503, "application/json", json.dumps({"status": "scaled-to-zero"})),
    "/therapy/health": (200, "application/json", json.dumps({"status": "ok"})),
    "/personal/healthz": (200, "text/plain", "ok\n"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — http.server's naming
        status, ctype, body = ROUTES.get(self.path.split("?")[0], (404, "text/plain", "not found\n"))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=18080)
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
