#!/usr/bin/env python3
"""A real loopback HTTP/1.1 server for Gleaner's fetch tests: static files with validators, plus fault routes.

Usage: testserver.py --port 0 --root DIR --log FILE [--tls CERT KEY]
Binds 127.0.0.1, prints "PORT <n>" as the first line on stdout, then stays quiet on stdout (the test reads only
that line, and an undrained pipe must never fill up). Every request is appended to FILE as one JSON line:
{"path", "method", "headers": {lower-cased name: value}, "status", "encoding", "received", "received_monotonic"};
"encoding" is the response's Content-Encoding (or null), so tests can prove the client really decompressed a body;
"received" (time.time()) and "received_monotonic" (time.monotonic()) are when its request line arrived, in
seconds with sub-second precision, so tests can measure the spacing of requests as the server saw it.

Routes:
  /files/<name>                   DIR/<name> with ETag, Last-Modified, 304 on a match, gzip when accepted;
                                  Content-Type from the extension or a sidecar "<name>.ctype" file; each
                                  "Name: value" line of a sidecar "<name>.headers" file is sent too (on 200 and
                                  304; a Content-Length there replaces the real one and the connection closes).
  /fault/status/<code>            that status (?retry_after=V adds Retry-After: V; ?body_bytes=N a body of N bytes)
  /fault/redirect/<code>?to=URL   a redirect to URL
  /fault/loop                     a redirect to itself
  /fault/slow?bytes_per_sec=N     a 200 body trickled at N bytes/s (?bytes=total, default 100000)
  /fault/endless                  a 200 body that never ends
  /fault/truncated                Content-Length larger than what is sent, then close
  /fault/reset                    the connection is reset (RST) before any response
  /fault/gzipbomb                 Content-Encoding: gzip that inflates to 1 GB of zeros, compressed as it streams
  /fault/html                     a 200 HTML "challenge" page
  /fault/ignore-validators        always 200, same body and ETag
  /fault/etag-on-304              304 with a new ETag whenever validators are sent
  /fault/auth?user=U&password=P   401 (WWW-Authenticate: Basic) unless the request's basic credentials match,
                                  then a small feed (password_hex=HEX instead keeps the password out of the URL)
  /fault/page?feed=HREF           a 200 HTML page announcing HREF as <link rel="alternate" type="application/rss+xml">
With --tls CERT KEY the same routes are served over HTTPS (a self-signed certificate made by the test).
"""

import argparse
import base64
import ssl
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

LOG_LOCK = threading.Lock()
LOG_PATH = None
ROOT = None

CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

FEED_BODY = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>fixed</title>'
             b'<item><guid>1</guid><title>one</title></item></channel></rss>\n')

CHALLENGE_PAGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                  b"<body><p>Checking your browser before accessing the site.</p></body></html>\n")

# Exceptions that only mean "the client went away": the fetcher hangs up on bombs and endless bodies on purpose.
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout)


def log_request(entry):
    line = json.dumps(entry, sort_keys=True) + "\n"
    with LOG_LOCK:
        with open(LOG_PATH, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()


def accepts_gzip(header):
    """True when an Accept-Encoding header value allows gzip (q=0 forbids it)."""
    for item in (header or "").split(","):
        parts = [p.strip() for p in item.split(";")]
        if parts[0].lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in parts[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


def etag_matches(if_none_match, etag):
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*":
            return True
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so tests exercise connection reuse
    server_version = "GleanerTestServer/1"

    # Quiet: the default writes one line per request to stderr.
    def log_message(self, format, *args):
        pass

    def send_response(self, code, message=None):
        # Logged before the status line goes out, so the log is complete when the client sees the response.
        self._log(code)
        super().send_response(code, message)

    def _log(self, status):
        if getattr(self, "_logged", False):
            return
        self._logged = True
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = headers[key] + ", " + value if key in headers else value
        log_request({"path": self.path, "method": self.command, "headers": headers, "status": status,
                     "encoding": getattr(self, "_encoding", None), "received": getattr(self, "_received", None),
                     "received_monotonic": getattr(self, "_received_monotonic", None)})

    def parse_request(self):
        # The request line has just been read (handle_one_request blocks on it): that is the request's arrival.
        self._received = time.time()
        self._received_monotonic = time.monotonic()
        return super().parse_request()

    def do_GET(self):
        self._logged = False
        self._encoding = None
        self._head = False
        self._route()

    def do_HEAD(self):
        self._logged = False
        self._encoding = None
        self._head = True
        self._route()

    # --- helpers -------------------------------------------------------------------------------------

    def _send_body(self, status, body, headers=(), content_type="text/plain; charset=utf-8"):
        self.send_response(status)
        if content_type and status not in (204, 304):
            self.send_header("Content-Type", content_type)
        declared = False
        for name, value in headers:
            self.send_header(name, value)
            declared = declared or name.lower() == "content-length"
        if status in (204, 304) or (100 <= status < 200):
            self.end_headers()
            return
        if declared:
            self.close_connection = True  # the body cannot be framed by a length that lies
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self._head:
            self.wfile.write(body)

    def _route(self):
        parsed = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parsed.query)
        path = parsed.path
        try:
            if path.startswith("/files/"):
                return self._file(urllib.parse.unquote(path[len("/files/"):]))
            if path.startswith("/fault/status/"):
                return self._status(path[len("/fault/status/"):], query)
            if path.startswith("/fault/redirect/"):
                return self._redirect(path[len("/fault/redirect/"):], query)
            routes = {
                "/fault/loop": self._loop,
                "/fault/slow": lambda: self._slow(query),
                "/fault/endless": self._endless,
                "/fault/truncated": self._truncated,
                "/fault/reset": self._reset,
                "/fault/gzipbomb": self._gzipbomb,
                "/fault/html": lambda: self._send_body(200, CHALLENGE_PAGE, content_type="text/html; charset=utf-8"),
                "/fault/ignore-validators": self._ignore_validators,
                "/fault/etag-on-304": self._etag_on_304,
                "/fault/auth": lambda: self._auth(query),
                "/fault/page": lambda: self._page(query),
            }
            route = routes.get(path)
            if route is None:
                return self._send_body(404, b"not found\n")
            return route()
        except CLIENT_GONE:
            self.close_connection = True

    def _file(self, name):
        if not name or "/" in name or name.startswith(".") or name.endswith((".ctype", ".headers")):
            return self._send_body(404, b"not found\n")
        full = os.path.join(ROOT, name)
        try:
            with open(full, "rb") as f:
                content = f.read()
            mtime = os.stat(full).st_mtime
        except OSError:
            return self._send_body(404, b"not found\n")
        etag = '"' + hashlib.sha256(content).hexdigest()[:20] + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", last_modified), ("Vary", "Accept-Encoding")]
        if os.path.exists(full + ".headers"):
            with open(full + ".headers", "r", encoding="utf-8") as f:
                for line in f.read().splitlines():
                    if ":" in line:
                        header, value = line.split(":", 1)
                        validators.append((header.strip(), value.strip()))

        # RFC 9110 13.2.2: If-None-Match, when present, decides alone; If-Modified-Since only without it.
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag_matches(inm, etag):
                return self._send_body(304, b"", validators)
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                if int(mtime) <= since:
                    return self._send_body(304, b"", validators)
            except (TypeError, ValueError):
                pass

        ctype_path = full + ".ctype"
        if os.path.exists(ctype_path):
            with open(ctype_path, "r", encoding="utf-8") as f:
                content_type = f.read().strip()
        else:
            content_type = CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")

        if accepts_gzip(self.headers.get("Accept-Encoding")):
            self._encoding = "gzip"
            content = gzip.compress(content)
            validators.append(("Content-Encoding", "gzip"))
        return self._send_body(200, content, validators, content_type)

    def _status(self, code_text, query):
        try:
            code = int(code_text)
        except ValueError:
            return self._send_body(400, b"bad status\n")
        headers = []
        if "retry_after" in query:
            headers.append(("Retry-After", query["retry_after"][0]))
        body = ("status %d\n" % code).encode()
        if "body_bytes" in query:  # a large error page, to test that the client discards it without keeping it
            body = b"e" * int(query["body_bytes"][0])
        return self._send_body(code, body, headers)

    def _redirect(self, code_text, query):
        target = query.get("to", ["/"])[0]
        try:
            code = int(code_text)
        except ValueError:
            return self._send_body(400, b"bad status\n")
        return self._send_body(code, b"moved\n", [("Location", target)])

    def _loop(self):
        return self._send_body(302, b"around we go\n", [("Location", "/fault/loop")])

    def _stream_until_close(self, content_type="application/rss+xml; charset=utf-8", extra=()):
        """Starts a 200 whose body ends when the connection closes (no length, no chunking)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _slow(self, query):
        rate = max(1, int(query.get("bytes_per_sec", ["1"])[0]))
        total = int(query.get("bytes", ["100000"])[0])
        self._stream_until_close()
        sent = 0
        while sent < total:
            self.wfile.write(b"x")
            self.wfile.flush()
            sent += 1
            time.sleep(1.0 / rate)

    def _endless(self):
        self._stream_until_close()
        self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        block = b"<item><title>again</title></item>\n" * 2000
        while True:
            self.wfile.write(block)

    def _truncated(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(FEED_BODY[:100])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _reset(self):
        self._log(0)
        # SO_LINGER with a zero timeout makes close() send an RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _gzipbomb(self):
        self._encoding = "gzip"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
        zeros = bytes(1 << 20)

        def chunk(data):
            if data:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        for _ in range(1024):  # 1 GB inflated, about 1 MB on the wire
            chunk(compressor.compress(zeros))
        chunk(compressor.flush())
        self.wfile.write(b"0\r\n\r\n")

    def _ignore_validators(self):
        return self._send_body(200, FEED_BODY, [("ETag", '"fixed"'),
                                                ("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")],
                               "application/rss+xml; charset=utf-8")

    def _etag_on_304(self):
        if self.headers.get("If-None-Match") is not None or self.headers.get("If-Modified-Since") is not None:
            return self._send_body(304, b"", [("ETag", '"v2"')])
        return self._send_body(200, FEED_BODY, [("ETag", '"v1"')], "application/rss+xml; charset=utf-8")


    def _auth(self, query):
        user = query.get("user", [""])[0]
        password = query.get("password", [""])[0]
        if "password_hex" in query:
            password = bytes.fromhex(query["password_hex"][0]).decode()
        expected = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self._send_body(401, b"who are you?\n", [("WWW-Authenticate", 'Basic realm="feeds"')])
        return self._send_body(200, FEED_BODY, [], "application/rss+xml; charset=utf-8")

    def _page(self, query):
        href = query.get("feed", ["/files/feed.xml"])[0]
        page = ('<!DOCTYPE html><html><head><title>A blog</title>'
                '<link rel="stylesheet" href="/style.css">'
                '<link rel="alternate" type="application/rss+xml" title="Posts" href="%s">'
                '</head><body><p>Hello</p></body></html>\n' % href.replace('"', "&quot;")).encode()
        return self._send_body(200, page, content_type="text/html; charset=utf-8")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the concurrency test opens many connections at once

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, CLIENT_GONE + (OSError,)):
            return
        super().handle_error(request, client_address)


def main():
    global LOG_PATH, ROOT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    ROOT = os.path.abspath(args.root)
    LOG_PATH = args.log
    open(LOG_PATH, "a").close()
    server = Server(("127.0.0.1", args.port), Handler)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
