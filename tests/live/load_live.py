#!/usr/bin/env python3
"""Load check for `ccsim live` (issue 14's acceptance; run by hand, not by ctest: it takes
the whole machine): N WebSocket clients read the stream of a run at maximum speed for S
seconds, restarting the day whenever it ends. Prints the server's peak resident memory
(VmHWM), frames per client, and how long a day takes with N clients against none.

    load_live.py CCSIM SCENARIO [CLIENTS=20] [SECONDS=60]
"""
import pathlib
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from live_server import LiveServer, WebSocket  # noqa: E402


def peak_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def sim_rate(server, seconds, clients):
    """Wall seconds one day takes at max speed (restarted again and again), with `clients`
    readers of its frames."""
    stop = time.monotonic() + seconds
    counts = [0] * clients
    control = WebSocket(server.host, server.port)

    def reader(k):
        ws = WebSocket(server.host, server.port)
        while time.monotonic() < stop:
            try:
                if ws.recv(5) is not None:
                    counts[k] += 1
            except TimeoutError:
                pass
        ws.close()

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    days, wall, seed = 0, 0.0, 1
    while time.monotonic() < stop:
        seed += 1
        t0 = time.monotonic()
        control.send({"cmd": "restart", "seed": seed})
        control.recv_until(lambda f: f.get("type") == "state" and f["finished"]
                           and f["seed"] == seed, 60)
        wall += time.monotonic() - t0
        days += 1
        time.sleep(1 / 10)  # restarts within the limit on commands a second
    for t in threads:
        t.join()
    control.close()
    return wall / max(days, 1), counts


def main():
    ccsim, scenario = sys.argv[1], sys.argv[2]
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 60
    server = LiveServer(ccsim, scenario, "--speed", "max")
    try:
        alone, _ = sim_rate(server, seconds / 4, 0)
        loaded, counts = sim_rate(server, seconds, clients)
        print(f"{clients} clients, {seconds:.0f} s at max speed: peak memory "
              f"{peak_kib(server.proc.pid) / 1024:.1f} MiB; frames per client "
              f"{min(counts)}-{max(counts)}; one day takes {loaded:.3f} s with them, "
              f"{alone:.3f} s with none ({100 * (loaded / alone - 1):.0f} % slower)")
        code, err = server.interrupt()
        print(f"SIGINT: exit {code}")
        return 0 if code == 130 else 1
    finally:
        server.kill()


if __name__ == "__main__":
    sys.exit(main())
