"""WebSocket pass-through in gateway mode: the web client's live notifications (Odoo's /websocket
bus) work through keygate. The switch goes to the real Odoo 18, its 101 comes back, and then
frames cross unread both ways: a ping written through keygate gets Odoo's pong back, and a close
from either side ends both connections.
"""

import base64
import hashlib
import os
import socket
import struct

from conftest import ODOO_URL

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def host_port(url):
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    return host, int(port)


def handshake(url, extra_headers=""):
    """Opens /websocket on `url`; (socket, the answer's head, bytes read past it, the key)."""
    host, port = host_port(url)
    s = socket.create_connection((host, port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /websocket?version=18.0-1 HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
               "Origin: %s\r\n%s\r\n" % (host, port, key, url, extra_headers)).encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return s, head.decode("latin-1"), rest, key


def frame(opcode, payload=b""):
    """A client frame (masked, as RFC 6455 requires of clients)."""
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    assert len(payload) < 126
    return struct.pack("!BB", 0x80 | opcode, 0x80 | len(payload)) + mask + masked


def read_frame(s, pending=b""):
    """(opcode, payload, what is left) of the next server frame (not masked)."""
    data = pending
    while len(data) < 2:
        data += s.recv(4096)
    opcode, length = data[0] & 0x0F, data[1] & 0x7F
    offset = 2
    if length == 126:
        while len(data) < 4:
            data += s.recv(4096)
        length, offset = struct.unpack("!H", data[2:4])[0], 4
    while len(data) < offset + length:
        data += s.recv(4096)
    return opcode, data[offset:offset + length], data[offset + length:]


def status_and_headers(head):
    lines = head.split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers


def test_the_websocket_bus_works_through_keygate(gateway):
    s, head, rest, key = handshake(gateway.url)
    try:
        status, headers = status_and_headers(head)
        assert status == 101, head
        assert headers["upgrade"].lower() == "websocket"
        assert headers["connection"].lower() == "upgrade"
        # Odoo answered the key keygate forwarded unchanged.
        expected = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        assert headers["sec-websocket-accept"] == expected
        s.sendall(frame(0x9, b"keygate-ping"))
        opcode, payload, rest = read_frame(s, rest)
        assert (opcode, payload) == (0xA, b"keygate-ping")
        # A close from the client: Odoo answers its close, then both connections end.
        s.sendall(frame(0x8, struct.pack("!H", 1000)))
        opcode, payload, rest = read_frame(s, rest)
        assert opcode == 0x8
        s.settimeout(10)
        assert s.recv(4096) == b""
    finally:
        s.close()


def test_a_switch_odoo_refuses_is_never_joined(gateway):
    # Odoo 18 refuses a switch anywhere but /websocket with a 400 whose announced body it never
    # sends; keygate cannot relay an answer it could not read, and says so (502). Either way the
    # client's connection is not switched.
    direct = switch_on(ODOO_URL, "/web/login")
    through = switch_on(gateway.url, "/web/login")
    assert direct[0] == 400
    assert through[0] == 502
    assert b"did not answer" in through[1]


def switch_on(url, path):
    """(status, body) of a GET of `path` that asks for a WebSocket."""
    host, port = host_port(url)
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n" % (path, host, port)).encode())
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(4096)
        head, _, body = data.partition(b"\r\n\r\n")
        status, headers = status_and_headers(head.decode("latin-1"))
        s.settimeout(3)
        try:
            while len(body) < int(headers.get("content-length", "0")):
                chunk = s.recv(65536)
                if not chunk:
                    break
                body += chunk
        except socket.timeout:
            pass
    return status, body


def test_an_api_key_on_the_websocket_is_refused_not_forwarded(gateway):
    s, head, _, _ = handshake(gateway.url, "Authorization: Bearer %s\r\n" % ("ab12" * 10))
    s.close()
    status, _ = status_and_headers(head)
    assert status == 401
