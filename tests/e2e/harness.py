"""End-to-end harness: starts the real `ticketd` binary and talks HTTP to it.

Standard library only. The binary comes from TICKETD_BIN (default
../../build/api/ticketd relative to this file). Every server gets its own
temporary data directory and listens on 127.0.0.1:0, so test modules can run
in parallel.
"""

import atexit
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import shutil
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.normpath(os.path.join(HERE, "..", "..", "build", "api", "ticketd"))
START_TIMEOUT_S = 20
STOP_TIMEOUT_S = 10
HTTP_TIMEOUT_S = 30

ADMIN_TOKEN = "e2e-admin-" + uuid.uuid4().hex
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
LISTEN_RE = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")

_live_processes = set()


def _kill_leftovers():
    for proc in list(_live_processes):
        if proc.poll() is None:
            proc.kill()


atexit.register(_kill_leftovers)


def binary_path():
    return os.environ.get("TICKETD_BIN") or DEFAULT_BIN


_contract = None


def contract():
    """The Contract of this build's /openapi.json (ticketd --print-openapi),
    read once per test process."""
    global _contract
    if _contract is None:
        from contract import Contract
        out = subprocess.run([binary_path(), "--print-openapi"], check=True,
                             stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60).stdout
        _contract = Contract(json.loads(out))
    return _contract


def free_port():
    """A loopback port nothing listens on now (for a helper server)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Response:
    """One HTTP answer: status, headers (case-insensitive), parsed body.

    Unpacks as (status, headers, body). `body` is the parsed JSON when the
    content type is JSON (application/json or application/problem+json),
    otherwise the text; `raw` keeps the bytes.
    """

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.content_type = headers.get("Content-Type", "") or ""
        self.body = None
        if raw:
            text = raw.decode("utf-8", errors="replace")
            if "json" in self.content_type:
                try:
                    self.body = json.loads(text)
                except ValueError:
                    self.body = text
            else:
                self.body = text

    def __iter__(self):
        return iter((self.status, self.headers, self.body))

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        text = self.raw[:2000].decode("utf-8", errors="replace") if self.raw else ""
        return "<%d %s %s>" % (self.status, self.content_type, text)


class Positions:
    """The highest X-Log-Position any client of one server has seen."""

    def __init__(self):
        self.lock = threading.Lock()
        self.max = 0

    def saw(self, value):
        with self.lock:
            self.max = max(self.max, value)


# Reads that accept min_position (API.md "Read-your-writes").
_CONSISTENT_PREFIXES = ("/v1/tickets", "/admin/v1/tickets", "/admin/v1/metrics")


class Client:
    """Small HTTP client bound to one server and, optionally, one token.

    Like a careful API client, it reads its own writes: a GET of a list,
    detail, history or metrics endpoint carries min_position=<highest
    X-Log-Position seen on this server> unless the path already has one or
    consistent=False is passed.
    """

    _NO_TOKEN = object()

    def __init__(self, port, token=None, host="127.0.0.1", positions=None, server=None):
        self.host = host
        self._port = port
        self.server = server
        self.token = token
        self.positions = positions if positions is not None else Positions()

    @property
    def port(self):
        """The server's current port (it changes on restart)."""
        return self.server.port if self.server is not None else self._port

    def with_token(self, token):
        return Client(self._port, token, self.host, self.positions, self.server)

    def request(self, method, path, body=None, token=_NO_TOKEN, headers=None, consistent=True):
        """Sends one request on a fresh connection.

        body: dict/list (sent as JSON), bytes/str (sent as is, JSON content
        type unless `headers` says otherwise) or None. token: overrides the
        client's token; None sends no Authorization header.
        """
        if token is Client._NO_TOKEN:
            token = self.token
        if (consistent and method == "GET" and self.positions.max > 0
                and path.startswith(_CONSISTENT_PREFIXES) and "min_position=" not in path):
            path += ("&" if "?" in path else "?") + "min_position=%d" % self.positions.max
        hdrs = {}
        data = None
        if body is not None:
            if isinstance(body, (dict, list)):
                data = json.dumps(body).encode("utf-8")
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = bytes(body)
            hdrs["Content-Type"] = "application/json"
        if token is not None:
            hdrs["Authorization"] = "Bearer " + token
        for k, v in (headers or {}).items():
            # A header given as None removes a default one.
            for existing in list(hdrs):
                if existing.lower() == k.lower():
                    del hdrs[existing]
            if v is not None:
                hdrs[k] = v
        conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT_S)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            pos = resp.headers.get("X-Log-Position")
            if pos and pos.isdigit():
                self.positions.saw(int(pos))
            answer = Response(resp.status, resp.headers, raw)
        finally:
            conn.close()
        # Every answer is held to the served description (contract.py).
        contract().check(method, path, answer)
        return answer

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def raw_request(port, head, body=b"", timeout=HTTP_TIMEOUT_S, chunk=64 * 1024):
    """Sends a hand-built request and reads one response.

    head: the request line and headers as a str without the final blank line.
    The body is sent in chunks; if the server answers early and closes, the
    remaining send errors are ignored and its answer is still read.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            sock.sendall(head.encode("latin-1") + b"\r\n\r\n")
            for i in range(0, len(body), chunk):
                sock.sendall(body[i:i + chunk])
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = http.client.HTTPResponse(sock, method=head.split(" ", 1)[0])
        resp.begin()
        raw = b""
        try:
            raw = resp.read()
        except (ConnectionResetError, http.client.IncompleteRead) as e:
            raw = getattr(e, "partial", b"") or b""
        return Response(resp.status, resp.headers, raw)
    finally:
        sock.close()


class SseStream:
    """A raw-socket reader of a text/event-stream answer.

    Handles both chunked and close-delimited bodies. next_event() returns
    {"id", "event", "data"} (data: the joined data lines as text) or None
    when nothing arrived before the timeout.
    """

    def __init__(self, port, path, token, headers=None, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port,
                 "Accept: text/event-stream"]
        if token is not None:
            lines.append("Authorization: Bearer " + token)
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self._raw = b""
        self._decoded = b""
        self._chunk_left = None  # bytes left in the current chunk
        self._closed = False
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self._raw:
            if not self._recv(deadline):
                raise AssertionError("SSE: no response head; got %r" % self._raw[:500])
        head, self._raw = self._raw.split(b"\r\n\r\n", 1)
        head_lines = head.decode("latin-1").split("\r\n")
        self.status = int(head_lines[0].split(" ")[1])
        self.headers = {}
        for line in head_lines[1:]:
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = "chunked" in self.headers.get("transfer-encoding", "").lower()
        self._decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _recv(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0 or self._closed:
            return False
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, OSError):
            self._closed = True
            return False
        if not data:
            self._closed = True
            return False
        self._raw += data
        return True

    def _decode(self):
        if not self.chunked:
            self._decoded += self._raw
            self._raw = b""
            return
        while True:
            if self._chunk_left is None:
                if b"\r\n" not in self._raw:
                    return
                line, rest = self._raw.split(b"\r\n", 1)
                if line == b"":  # CRLF after a chunk's data
                    self._raw = rest
                    continue
                size = int(line.split(b";")[0], 16)
                self._raw = rest
                if size == 0:
                    self._closed = True
                    return
                self._chunk_left = size
            take = self._raw[: self._chunk_left]
            self._decoded += take
            self._raw = self._raw[len(take):]
            self._chunk_left -= len(take)
            if self._chunk_left == 0:
                self._chunk_left = None
            elif not self._raw:
                return

    def next_event(self, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            norm = self._decoded.replace(b"\r\n", b"\n")
            if b"\n\n" in norm:
                block, rest = norm.split(b"\n\n", 1)
                self._decoded = rest
                event = {"id": None, "event": None, "data": None}
                data_lines = []
                for line in block.decode("utf-8").split("\n"):
                    if line.startswith(":") or line == "":
                        continue
                    field, _, value = line.partition(":")
                    if value.startswith(" "):
                        value = value[1:]
                    if field == "data":
                        data_lines.append(value)
                    elif field in ("id", "event", "retry"):
                        event[field] = value
                if data_lines:
                    event["data"] = "\n".join(data_lines)
                if event["data"] is None and event["id"] is None:
                    continue  # comment/heartbeat block
                return event
            self._decoded = norm
            if not self._recv(deadline):
                return None
            self._decode()

    def events(self, count, timeout=10):
        out = []
        deadline = time.monotonic() + timeout
        while len(out) < count:
            ev = self.next_event(max(0.01, deadline - time.monotonic()))
            if ev is None:
                break
            out.append(ev)
        return out


class Server:
    """One ticketd process on a loopback port chosen by the kernel."""

    def __init__(self):
        self.proc = None
        self.port = None
        self.data_dir = None
        self.args = []
        self.env = {}
        self.output = []
        self._ready = threading.Event()
        self._owns_dir = False
        self._stderr_path = None
        self.preexec_fn = None
        self.positions = Positions()

    def start(self, data_dir=None, extra_args=(), env=None, preexec_fn=None):
        """Starts ticketd on data_dir (a new temporary one when None) and
        waits until it prints its listening line (at most 20 s).

        preexec_fn: run in the child before ticketd starts (and again on a
        restart), e.g. to set a resource limit the server runs under."""
        binary = binary_path()
        if not os.path.exists(binary):
            raise RuntimeError("ticketd binary not found at %s (set TICKETD_BIN)" % binary)
        if data_dir is None:
            data_dir = tempfile.mkdtemp(prefix="ticketd-e2e-")
            self._owns_dir = True
        self.data_dir = data_dir
        self.args = list(extra_args)
        if env is None:
            env = {"TICKETD_ADMIN_TOKEN": ADMIN_TOKEN}
        self.env = dict(env)
        self.preexec_fn = preexec_fn
        full_env = dict(os.environ)
        full_env.update(self.env)
        self._launch(full_env)
        return self

    def _launch(self, full_env):
        self.output = []
        self._ready = threading.Event()
        self.port = None
        self._stderr_path = os.path.join(
            tempfile.gettempdir(), "ticketd-e2e-stderr-%s.log" % uuid.uuid4().hex)
        stderr_file = open(self._stderr_path, "wb")
        cmd = [binary_path(), "--data", self.data_dir, "--listen", "127.0.0.1:0"] + self.args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr_file,
                                     preexec_fn=self.preexec_fn,
                                     stdin=subprocess.DEVNULL, env=full_env)
        stderr_file.close()
        _live_processes.add(self.proc)
        threading.Thread(target=self._pump, args=(self.proc,), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._ready.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                rc = self.proc.poll()
                if rc is None:
                    self.proc.kill()
                    self.proc.wait()
                raise RuntimeError("ticketd did not report listening (rc=%r)\nstdout:\n%s\nstderr:\n%s"
                                   % (rc, "".join(self.output), self.stderr_text()))

    def _pump(self, proc):
        for line in iter(proc.stdout.readline, b""):
            text = line.decode("utf-8", errors="replace")
            self.output.append(text)
            m = LISTEN_RE.search(text)
            if m and not self._ready.is_set():
                self.port = int(m.group(1))
                self._ready.set()
        proc.stdout.close()

    def stderr_text(self):
        try:
            with open(self._stderr_path, "rb") as f:
                return f.read().decode("utf-8", errors="replace")[-8000:]
        except (OSError, TypeError):
            return ""

    def stop(self, expect_code=0):
        """Sends SIGTERM and waits (at most 10 s). Returns the exit code and
        raises AssertionError when it is not expect_code or the process hangs."""
        if self.proc is None:
            return None
        proc = self.proc
        self.proc = None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            _live_processes.discard(proc)
            raise AssertionError("ticketd did not exit within %d s of SIGTERM" % STOP_TIMEOUT_S)
        _live_processes.discard(proc)
        if expect_code is not None and rc != expect_code:
            raise AssertionError("ticketd exited with %r after SIGTERM, expected %r\nstderr:\n%s"
                                 % (rc, expect_code, self.stderr_text()))
        return rc

    def restart(self):
        """Stops (expecting exit 0) and starts again on the same data dir."""
        self.stop()
        full_env = dict(os.environ)
        full_env.update(self.env)
        self._launch(full_env)
        return self

    def crash_restart(self):
        """Kills the server (SIGKILL: no shutdown, nothing flushed) and starts
        it again on the same data dir."""
        proc = self.proc
        self.proc = None
        proc.kill()
        proc.wait()
        _live_processes.discard(proc)
        full_env = dict(os.environ)
        full_env.update(self.env)
        self._launch(full_env)
        return self

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            _live_processes.discard(self.proc)
        self.proc = None
        if self._owns_dir and self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if self._stderr_path:
            try:
                os.remove(self._stderr_path)
            except OSError:
                pass

    def client(self, token=None):
        return Client(self.port, token, positions=self.positions, server=self)


# --- fixtures ---------------------------------------------------------------

USERS = {
    # name: (role, tenant, user)
    "ann": ("customer", "acme", {"id": "u-ann", "email": "ann@acme.test", "name": "Ann"}),
    "bob": ("customer", "acme", {"id": "u-bob", "email": "bob@acme.test", "name": "Bob"}),
    "carol": ("customer_admin", "acme", {"id": "u-carol", "email": "carol@acme.test", "name": "Carol"}),
    "gus": ("customer", "globex", {"id": "u-gus", "email": "gus@globex.test", "name": "Gus"}),
    "gina": ("customer_admin", "globex", {"id": "u-gina", "email": "gina@globex.test", "name": "Gina"}),
    "agent7": ("agent", None, {"id": "agent-7", "email": "a7@support.test", "name": "Agent Seven"}),
    "agent8": ("agent", None, {"id": "agent-8", "email": "a8@support.test", "name": "Agent Eight"}),
}
TENANTS = [("acme", "Acme"), ("globex", "Globex")]


class ServerTestCase(unittest.TestCase):
    """Base class: one server per test class, tenants acme and globex, and a
    client per fixture user (self.ann, self.agent7, self.admin, ...)."""

    maxDiff = None
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        try:
            cls.server.start(extra_args=cls.server_args)
            cls.admin = cls.server.client(ADMIN_TOKEN)
            cls.anon = cls.server.client(None)
            for slug, name in TENANTS:
                r = cls.admin.post("/admin/v1/tenants", {"slug": slug, "name": name})
                if r.status != 201:
                    raise AssertionError("tenant %s: %r" % (slug, r))
            cls.token_ids = {}
            cls.tokens = {}
            for name, (role, tenant, user) in USERS.items():
                tid, tok = cls.create_token(role, tenant, user)
                cls.token_ids[name] = tid
                cls.tokens[name] = tok
                setattr(cls, name, cls.server.client(tok))
        except BaseException:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()

    @classmethod
    def create_token(cls, role, tenant, user):
        body = {"role": role, "user": user}
        if tenant is not None:
            body["tenant"] = tenant
        r = cls.admin.post("/admin/v1/tokens", body)
        if r.status != 201 or not isinstance(r.body, dict):
            raise AssertionError("token %r: %r" % (body, r))
        return r.body["id"], r.body["token"]

    # --- helpers ---

    def open_ticket(self, client, subject="Cannot log in", description="It says error 42",
                    expect=201, **extra):
        body = {"subject": subject, "description": description}
        body.update(extra)
        r = client.post("/v1/tickets", body)
        self.assertEqual(r.status, expect, r)
        return r.body

    def agent_open(self, client, tenant, requester, subject="Phone call", description="Called in",
                   expect=201, **extra):
        body = {"tenant": tenant, "requester": requester, "subject": subject,
                "description": description}
        body.update(extra)
        r = client.post("/admin/v1/tickets", body)
        self.assertEqual(r.status, expect, r)
        return r.body

    def command(self, client, path, body=None, expect=200, headers=None):
        r = client.post(path, body, headers=headers)
        self.assertEqual(r.status, expect, r)
        if 200 <= expect < 300:
            self.assert_command_headers(r)
        return r

    def admin_ticket(self, ticket_id):
        r = self.admin.get("/admin/v1/tickets/" + ticket_id)
        self.assertEqual(r.status, 200, r)
        return r.body

    def assert_problem(self, r, status, code=None):
        """The answer is application/problem+json with the required members."""
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.content_type.startswith("application/problem+json"),
                        "content type %r for %r" % (r.content_type, r))
        b = r.body
        self.assertIsInstance(b, dict, r)
        for k in ("type", "title", "detail", "code"):
            self.assertIn(k, b, r)
            self.assertIsInstance(b[k], str, r)
        self.assertTrue(b["code"], r)
        self.assertEqual(b.get("status"), status, r)
        if code is not None:
            self.assertEqual(b["code"], code, r)
        return b

    def assert_validation(self, r, *fields):
        """422 problem with errors naming every given field."""
        b = self.assert_problem(r, 422)
        self.assertIn("errors", b, r)
        self.assertIsInstance(b["errors"], list, r)
        self.assertTrue(b["errors"], r)
        for e in b["errors"]:
            self.assertIsInstance(e.get("field"), str, r)
            self.assertIsInstance(e.get("message"), str, r)
        named = [e["field"] for e in b["errors"]]
        for f in fields:
            self.assertTrue(any(n == f or n.startswith(f + ".") or n.startswith(f + "[")
                                for n in named), "field %r not in %r (%r)" % (f, named, r))
        return b

    def assert_command_headers(self, r):
        """ETag "<version>" and X-Log-Position on a command answer."""
        etag = r.header("ETag")
        self.assertIsNotNone(etag, "no ETag on %r" % r)
        self.assertIsInstance(r.body, dict, r)
        self.assertEqual(etag, '"%d"' % r.body["version"], r)
        pos = r.header("X-Log-Position")
        self.assertIsNotNone(pos, "no X-Log-Position on %r" % r)
        self.assertRegex(pos, r"^\d+$")
        return int(pos)

    def assert_list_shape(self, r):
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.body, dict, r)
        self.assertEqual(set(r.body), {"items", "next_cursor"}, r)
        self.assertIsInstance(r.body["items"], list, r)
        self.assertTrue(r.body["next_cursor"] is None or isinstance(r.body["next_cursor"], str), r)
        return r.body["items"]

    def list_all(self, client, path, limit=None):
        """Follows next_cursor until null; returns all items."""
        items = []
        sep = "&" if "?" in path else "?"
        url = path + (sep + "limit=%d" % limit if limit else "")
        seen_cursors = set()
        for _ in range(10000):
            r = client.get(url)
            page = self.assert_list_shape(r)
            items.extend(page)
            cur = r.body["next_cursor"]
            if cur is None:
                return items
            self.assertNotIn(cur, seen_cursors, "cursor repeats")
            seen_cursors.add(cur)
            url = path + sep + ("limit=%d&" % limit if limit else "") + "cursor=" + \
                urllib.parse.quote(cur, safe="")
        self.fail("paging does not end")

    def all_events(self, after=0):
        items = []
        while True:
            r = self.admin.get("/admin/v1/events?after=%d&limit=500" % after)
            self.assertEqual(r.status, 200, r)
            items.extend(r.body["items"])
            if not r.body["items"]:
                return items
            after = r.body["next_after"]


def normalize_404(body, ident):
    """A 404 body with the requested identifier blanked, so the answer for a
    hidden ticket can be compared with the one for a missing ticket."""
    text = json.dumps(body, sort_keys=True)
    return text.replace(ident, "<ID>")
