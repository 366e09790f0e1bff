"""What the live tests share: start `ccsim live` on a free port and talk to its WebSocket
with nothing but the Python standard library (a client of RFC 6455 written out: the
handshake, masked frames out, unmasked frames in)."""
import base64
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import time


class LiveServer:
    """`ccsim live SCENARIO --port 0 ARGS...`; .port is the one it printed."""

    def __init__(self, ccsim, scenario, *args, timeout=60):
        self.proc = subprocess.Popen([ccsim, "live", scenario, "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            if select.select([self.proc.stdout], [], [], 1)[0]:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.search(r"http://([\d.]+):(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError(f"ccsim live did not start: {line!r} {self.proc.stderr.read()}")
        self.host, self.port = m.group(1), int(m.group(2))
        self.url = f"http://{self.host}:{self.port}/"

    def interrupt(self, timeout=30):
        """SIGINT; returns (exit code, stderr)."""
        self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
            return None, err
        return self.proc.returncode, err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


class WebSocket:
    def __init__(self, host, port, path="/ws", timeout=30, origin=None):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n" +
                           (f"Origin: {origin}\r\n" if origin else "") + "\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError(f"handshake refused: {head!r}")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(f"handshake refused: {head[:200]!r}")
        self.closed = None  # the close code, once the server closed

    def send_text(self, text, opcode=1):
        payload = text.encode() if isinstance(text, str) else text
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, obj):
        self.send_text(json.dumps(obj))

    def _need(self, n, deadline):
        while len(self.buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no frame in time")
            self.sock.settimeout(left)
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def recv(self, timeout=10):
        """The next text message as JSON; None once the server closed the socket."""
        deadline = time.monotonic() + timeout
        message = b""
        while True:
            b0, b1 = self._need(2, deadline)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._need(2, deadline))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._need(8, deadline))[0]
            payload = self._need(n, deadline)
            opcode = b0 & 0x0F
            if opcode == 8:
                self.closed = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                return None
            if opcode in (9, 10):  # ping, pong
                continue
            message += payload
            if b0 & 0x80:
                return json.loads(message)

    def recv_until(self, predicate, timeout=15):
        """Frames until one satisfies `predicate`; returns it and those before it."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching frame in {timeout} s; last: "
                                   f"{[f.get('type') for f in seen[-5:]]}")
            f = self.recv(left)
            if f is None:
                raise ConnectionError(f"server closed the socket ({self.closed})")
            seen.append(f)
            if predicate(f):
                return f, seen

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
