"""Small loopback servers for the delivery tests: an SMTP server and an SMS gateway."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP: refuses every recipient (550) unless ``accept`` is set."""

    def _say(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        server: Any = self.server
        self._say("220 loopback ESMTP")
        in_data = False
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode(errors="replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    server.received += 1
                    self._say("250 queued")
                continue
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 loopback")
            elif verb == "MAIL":
                self._say("250 ok")
            elif verb == "RCPT":
                self._say("250 ok" if server.accept else "550 mailbox unavailable")
            elif verb == "DATA":
                in_data = True
                self._say("354 go ahead")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.accept = False
        self.received = 0


@contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _GatewayHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        server: Any = self.server
        length = int(self.headers.get("Content-Length", "0"))
        server.requests.append(
            (self.headers.get("Authorization", ""), self.rfile.read(length))
        )
        self.send_response(server.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def sms_gateway(status: int = 200) -> Iterator[Any]:
    server: Any = HTTPServer(("127.0.0.1", 0), _GatewayHandler)
    server.status = status
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
