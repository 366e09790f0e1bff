#!/usr/bin/env python3
"""Bad input on the `ccsim live` socket, and the server's life: fails unless
  - malformed JSON, a non-object, an unknown command, an unknown event kind, out-of-range
    values and a command over the size limit each get an error frame, and the run goes on
    unchanged (not paused, same speed, same seed, the clock moving);
  - a valid inject is applied and answered {"type": "injected"};
  - a flood of commands gets "too many commands" and, a moment later, commands work again;
  - a message over the socket's limit closes that socket (1009) and no other;
  - a client that vanishes mid-stream (a reset) leaves the server serving the others;
  - two clients both receive the stream; GET / is the page, anything else 404; a socket
    opened from another site's page is refused (403);
  - save writes a scenario folder that `ccsim check` accepts;
  - a second `ccsim live` on the port exits 74 naming the port; SIGINT exits 130 and the
    port is free again.

    check_live_socket.py CCSIM SCENARIO WORKDIR
"""
import http.client
import json
import pathlib
import shutil
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from live_server import LiveServer, WebSocket  # noqa: E402

SPEED = 120
problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)
    return cond


def next_error(ws, timeout=15):
    f, _ = ws.recv_until(lambda f: f.get("type") in ("error", "saved"), timeout)
    return f.get("error", "")


def next_state(ws, timeout=15):
    return ws.recv_until(lambda f: f.get("type") == "state", timeout)[0]


def unchanged(ws, label):
    """The run goes on as it was: running, at SPEED, seed 1, the clock moving."""
    a = next_state(ws)
    b = ws.recv_until(lambda f: f.get("type") == "state" and f["clock"] > a["clock"])[0]
    expect(not b["paused"] and b["speed"] == SPEED and b["seed"] == 1,
           f"{label}: the run changed (paused {b['paused']}, speed {b['speed']}, seed {b['seed']})")


BAD = [
    ("malformed JSON", "{not json", "not JSON"),
    ("a JSON array", "[1, 2]", "JSON object"),
    ("an unknown command", {"cmd": "fly"}, "unknown command"),
    ("no cmd", {"pause": True}, "needs \"cmd\""),
    ("an unknown event kind", {"cmd": "inject", "event": {"kind": "quake", "minutes": 5}},
     "unknown event kind"),
    ("a multiplier out of range", {"cmd": "inject", "event": {
        "kind": "surge", "multiplier": 5000, "minutes": 30}}, "multiplier"),
    ("an unknown call type", {"cmd": "inject", "event": {
        "kind": "surge", "call_types": ["nope"], "multiplier": 2, "minutes": 30}}, "nope"),
    ("a staff count of 0", {"cmd": "inject", "event": {
        "kind": "staff", "role": "rep", "count": 0, "minutes": 30}}, "count"),
    ("an unknown event key", {"cmd": "inject", "event": {
        "kind": "surge", "multiplier": 2, "minutes": 30, "colour": "red"}}, "colour"),
    ("minutes out of range", {"cmd": "inject", "event": {
        "kind": "surge", "multiplier": 2, "minutes": -3}}, "minutes"),
    ("a negative speed", {"cmd": "speed", "value": -5}, "speed"),
    ("a speed that is no number", {"cmd": "speed", "value": "fast"}, "speed"),
    ("a negative seed", {"cmd": "restart", "seed": -1}, "seed"),
    ("a step by an hour", {"cmd": "step", "by": "hour"}, "step"),
    ("a command over 4096 bytes", {"cmd": "pause", "pad": "x" * 10000}, "too long"),
]


def bad_input(ws):
    for label, message, says in BAD:
        ws.send_text(message if isinstance(message, str) else json.dumps(message))
        error = next_error(ws)
        if expect(says in error, f"{label}: error frame {error!r} does not say {says!r}"):
            print(f"{label}: {error}")
        unchanged(ws, label)
    ws.send({"cmd": "inject", "event": {"kind": "surge", "call_types": ["outage"],
                                        "multiplier": 4, "minutes": 20}})
    f, _ = ws.recv_until(lambda f: f.get("type") in ("error", "injected"), 15)
    expect(f.get("type") == "injected", f"a valid inject: {f}")
    unchanged(ws, "a valid inject")


def flood(ws):
    for _ in range(100):
        ws.send({"cmd": "speed", "value": SPEED})
    error = next_error(ws)
    expect("too many commands" in error, f"a flood: {error!r}")
    unchanged(ws, "a flood")
    time.sleep(1.5)  # the bucket refills
    ws.send({"cmd": "pause"})
    f = ws.recv_until(lambda f: f.get("type") == "state" and f["paused"], 15)[0]
    ws.send({"cmd": "resume"})
    ws.recv_until(lambda f: f.get("type") == "state" and not f["paused"], 15)
    print(f"a flood: {error}; commands work again after it (paused at {f['clock_text']})")


def oversized_and_reset(server, ws):
    big = WebSocket(server.host, server.port)
    big.recv()  # hello
    big.send_text("x" * 200000)
    try:
        while big.recv(15) is not None:
            pass
    except (ConnectionError, TimeoutError, OSError):
        pass
    expect(big.closed == 1009, f"a 200 kB message: the socket closed with {big.closed}, not 1009")
    big.close()
    gone = WebSocket(server.host, server.port)
    gone.recv()
    gone.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    gone.sock.close()  # a reset, mid-stream
    unchanged(ws, "a client over the size limit, then one reset")


def http_checks(server):
    c = http.client.HTTPConnection(server.host, server.port, timeout=10)
    c.request("GET", "/")
    r = c.getresponse()
    body = r.read()
    expect(r.status == 200 and b"<svg" in body, f"GET /: {r.status}")
    c.request("GET", "/etc/passwd")
    r = c.getresponse()
    r.read()
    expect(r.status == 404, f"GET /etc/passwd: {r.status}, not 404")
    try:
        WebSocket(server.host, server.port, origin="http://example.com").close()
        problems.append("a WebSocket from another site's page was accepted")
    except RuntimeError as e:
        expect("403" in str(e), f"another site's page: {e}")


def save(ccsim, ws, out):
    ws.send({"cmd": "save"})
    f, _ = ws.recv_until(lambda f: f.get("type") in ("saved", "error"))
    if not expect(f.get("type") == "saved", f"save: {f}"):
        return
    r = subprocess.run([ccsim, "check", str(out)], capture_output=True, text=True)
    expect(r.returncode == 0, f"ccsim check on the saved scenario: {r.returncode} {r.stderr}")
    print(f"save: {out} ({r.stdout.splitlines()[0] if r.stdout else ''})")


def port_in_use_and_sigint(ccsim, scenario, server):
    r = subprocess.run([ccsim, "live", scenario, "--port", str(server.port)],
                       capture_output=True, text=True, timeout=60)
    expect(r.returncode == 74 and f"port {server.port}" in r.stderr and "in use" in r.stderr,
           f"a second ccsim live on port {server.port}: exit {r.returncode}, {r.stderr!r}")
    print(f"port in use: exit {r.returncode}: {r.stderr.strip()}")
    code, err = server.interrupt()
    expect(code == 130, f"SIGINT: exit {code}, not 130 ({err})")
    s = socket.socket()
    try:
        s.bind((server.host, server.port))
        print(f"SIGINT: exit {code}; port {server.port} free again")
    except OSError as e:
        problems.append(f"port {server.port} still taken after SIGINT: {e}")
    finally:
        s.close()


def main():
    ccsim, scenario, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    server = LiveServer(ccsim, scenario, "--speed", str(SPEED), "--out", str(work / "saved"))
    try:
        a, b = WebSocket(server.host, server.port), WebSocket(server.host, server.port)
        for ws in (a, b):
            expect(ws.recv().get("type") == "hello", "the first frame is not hello")
        next_state(b)
        bad_input(a)
        flood(a)
        oversized_and_reset(server, a)
        http_checks(server)
        save(ccsim, a, work / "saved")
        expect(next_state(b)["clock"] > 0, "the second client gets no frames")
        a.close()
        b.close()
        port_in_use_and_sigint(ccsim, scenario, server)
    except Exception as e:  # a timeout or a closed socket: report it with the rest
        problems.append(f"{type(e).__name__}: {e}")
    finally:
        server.kill()
    for p in problems:
        print(f"check_live_socket: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
