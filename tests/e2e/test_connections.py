"""Connection caps through the real server: a flood of idle connections from
one client address does not lock other clients out, and near the global cap
idle connections are closed early while /healthz still answers.

Linux routes all of 127.0.0.0/8 to the loopback interface, so connections
bound to 127.0.0.2, 127.0.0.3 ... come from other client addresses.
"""

import http.client
import re
import selectors
import socket
import time
import unittest

from harness import ADMIN_TOKEN, Response, Server, ServerTestCase

WAIT_S = 15  # deadline of every wait below; none decides by the clock


def request_from(source, port, method, path, token=None, body=None):
    """One request on a fresh connection from the client address `source`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_S,
                                      source_address=(source, 0))
    try:
        return send(conn, method, path, token, body)
    finally:
        conn.close()


def send(conn, method, path, token=None, body=None):
    headers = {}
    if token is not None:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    return Response(resp.status, resp.headers, resp.read())


def open_idle(port, source, count):
    """`count` connections from `source` that send nothing."""
    return [socket.create_connection(("127.0.0.1", port), timeout=WAIT_S,
                                     source_address=(source, 0)) for _ in range(count)]


def wait_readable(socks, count):
    """The sockets of `socks` with something to read (an answer, or the
    server's close), once `count` of them have or at the deadline."""
    ready = []
    with selectors.DefaultSelector() as sel:
        for s in socks:
            sel.register(s, selectors.EVENT_READ)
        deadline = time.monotonic() + WAIT_S
        while len(ready) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for key, _ in sel.select(left):
                ready.append(key.fileobj)
                sel.unregister(key.fileobj)
    return ready


def read_answer(sock):
    resp = http.client.HTTPResponse(sock, method="GET")
    resp.begin()
    return Response(resp.status, resp.headers, resp.read())


def closed_by_server(sock):
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def metric(port, source, line_prefix):
    text = request_from(source, port, "GET", "/metrics").body
    for line in text.splitlines():
        if line.startswith(line_prefix + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError("no %s in /metrics" % line_prefix)


def close_all(socks):
    for s in socks:
        s.close()


class OneAddressFloodTest(ServerTestCase):
    MAX = 32
    PER_ADDRESS = 8
    server_args = ("--max-connections", str(MAX), "--max-connections-per-address", str(PER_ADDRESS))

    def test_a_flood_from_one_address_does_not_lock_others_out(self):
        port = self.server.port
        other = "127.0.0.2"
        # A client of another address, connected before the flood and kept alive.
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT_S,
                                          source_address=(other, 0))
        self.assertEqual(send(kept, "GET", "/healthz").status, 200)
        # More idle connections from 127.0.0.1 than the whole server takes.
        flood = open_idle(port, "127.0.0.1", self.MAX + self.PER_ADDRESS)
        try:
            # Every one past the address's cap is answered 503 and closed...
            refused = wait_readable(flood, len(flood) - self.PER_ADDRESS)
            self.assertEqual(len(refused), len(flood) - self.PER_ADDRESS)
            for s in refused:
                r = read_answer(s)
                body = self.assert_problem(r, 503, "too_many_connections")
                self.assertTrue(body["detail"], r)
                self.assertEqual(r.header("Retry-After"), "1", r)
            # ...as is a new one from that address, request and all.
            r = request_from("127.0.0.1", port, "GET", "/healthz")
            self.assert_problem(r, 503, "too_many_connections")
            # While the other address is served: health check, reads, commands,
            # on the connection it kept and on new ones.
            self.assertEqual(send(kept, "GET", "/healthz").status, 200)
            r = request_from(other, port, "POST", "/v1/tickets", self.tokens["ann"],
                             '{"subject": "Still here", "description": "During a flood"}')
            self.assertEqual(r.status, 201, r)
            r = send(kept, "GET", "/admin/v1/tickets/%s?min_position=%s"
                     % (r.body["id"], r.header("X-Log-Position")), ADMIN_TOKEN)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(request_from(other, port, "GET", "/healthz").status, 200)
            # The flood's own connections within the cap were accepted, and work.
            accepted = [s for s in flood if s not in refused]
            self.assertEqual(len(accepted), self.PER_ADDRESS)
            for s in accepted:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                self.assertEqual(read_answer(s).status, 200)
            self.assertGreaterEqual(
                metric(port, other, 'ticketd_connections_refused_total{reason="address"}'),
                len(refused) + 1)
            self.assertEqual(metric(port, other, "ticketd_connections_busiest_address"),
                             self.PER_ADDRESS)
        finally:
            close_all(flood)
            kept.close()
        # Once the flood is gone, the address is served again (as soon as the
        # server has seen its connections close).
        deadline = time.monotonic() + WAIT_S
        status = None
        while status != 200 and time.monotonic() < deadline:
            status = request_from("127.0.0.1", port, "GET", "/healthz").status
        self.assertEqual(status, 200)


class NearTheCapTest(unittest.TestCase):
    MAX = 16
    PER_ADDRESS = 8
    HIGH_WATER = MAX - MAX // 8

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        try:
            cls.server.start(extra_args=[
                "--max-connections", str(cls.MAX),
                "--max-connections-per-address", str(cls.PER_ADDRESS),
                "--read-timeout", "120"])
        except BaseException:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.cleanup()

    def test_idle_connections_are_closed_near_the_cap_and_healthz_answers(self):
        port = self.server.port
        # Idle connections from two addresses, each within its cap, fill the server.
        flood = open_idle(port, "127.0.0.1", self.PER_ADDRESS)
        flood += open_idle(port, "127.0.0.3", self.PER_ADDRESS)
        try:
            # A health check answers, from the reserve if the cap is still full.
            r = request_from("127.0.0.2", port, "GET", "/healthz")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.body["status"], "ok", r)
            # The server closes idle connections (long before --read-timeout)
            # until it is below its high-water mark again...
            must_close = self.MAX - self.HIGH_WATER + 1
            closed = wait_readable(flood, must_close)
            self.assertGreaterEqual(len(closed), must_close)
            for s in closed:
                self.assertTrue(closed_by_server(s))
            # ...so that any request is served again.
            r = request_from("127.0.0.2", port, "GET", "/openapi.json")
            self.assertEqual(r.status, 200, r)
            self.assertGreaterEqual(
                metric(port, "127.0.0.2", "ticketd_connections_idle_closed_total"), must_close)
        finally:
            close_all(flood)


if __name__ == "__main__":
    unittest.main()
