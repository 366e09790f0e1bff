#!/usr/bin/env python3
"""Drives the `ccsim live` page in headless Chromium over the DevTools pipe (the browser
harness of tests/report/check_report.py) and fails unless:
  - state updates arrive and the clock moves;
  - every chart renders with its marks (check_report's chart check), with no console
    error, no exception, and nothing loaded from anywhere but the server;
  - after Pause, no update arrives for 2 s;
  - Step one minute moves the clock by a minute, Step one event sends an update;
  - Resume starts the clock again;
  - an outage surge injected through the page's form raises the outage queue;
  - the "Callbacks and IVR" table has the columns given by --channels, and no other (the
    callback queue with callbacks, IVR counts with an IVR), or is hidden when none is given;
  - with --day-headers FIRST LAST (a scenario of several days), the header names the first
    day at the start and the last once the run has gone through every day at full speed;
  - after the day ends at full speed, Save writes a scenario whose `ccsim run -n 1` with the
    page's seed gives the page's final figures (offered, answered, abandoned): those of the
    last day (summary.json's days[]) for a scenario of several days.

    check_live_page.py CCSIM SCENARIO [--channels "served in IVR,IVR deflected"]
                       [--day-headers "Mon, day 1 of 2" "Tue, day 2 of 2"] [--screenshot OUT.png]
"""
import argparse
import base64
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "report"))
sys.path.insert(0, str(HERE))
from check_report import CHECK_JS, Browser, find_chromium, page_problems  # noqa: E402
from live_server import LiveServer  # noqa: E402


class Page:
    def __init__(self, browser, session):
        self.browser, self.session = browser, session

    def eval(self, expression):
        r = self.browser.send("Runtime.evaluate", {"expression": expression,
                                                   "returnByValue": True}, session=self.session)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {json.dumps(r['exceptionDetails'])[:400]}")
        return r["result"].get("value")

    def status(self):
        """(frames received, simulated clock, status text)"""
        v = self.eval("JSON.stringify([+(document.body.dataset.frames || 0),"
                      " +(document.body.dataset.clock || -1),"
                      " document.getElementById('status').textContent])")
        return tuple(json.loads(v))

    def wait(self, predicate, what, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.status()
            if predicate(s):
                return s
            time.sleep(0.1)
        raise AssertionError(f"{what}: not within {timeout} s (frames, clock, status = {s})")

    def click(self, button):
        self.eval(f"document.getElementById('{button}').click()")


def day_header(page):
    return page.eval("document.getElementById('day-name').textContent")


def check(page, problems, channels, first_header):
    first = page.wait(lambda s: s[0] >= 1, "a first update")
    if day_header(page) != first_header:
        problems.append(f"the header names the day '{day_header(page)}', expected '{first_header}'")
    elif first_header:
        print(f"the header names the first day: '{first_header}'")
    shown = page.eval("document.getElementById('channels').dataset.channels")
    hidden = page.eval("document.getElementById('channels-section').hidden")
    if shown != channels or hidden != (channels == ""):
        problems.append(f"the callbacks and IVR table's columns are '{shown}' (hidden: {hidden}), "
                        f"expected '{channels}'")
    else:
        print(f"callbacks and IVR columns: '{shown}'")
    # Two simulated minutes of history give every line and area two points.
    moved = page.wait(lambda s: s[0] >= first[0] + 3 and s[1] >= first[1] + 180,
                      "updates with the clock moving")
    print(f"updates arrive: {moved[0]} frames, clock {first[1]:.0f} -> {moved[1]:.0f}")
    # The interval charts have a bar once the center has opened.
    deadline = time.monotonic() + 30
    while not page.eval("document.querySelectorAll('#sl-chart .mark').length") > 0:
        if time.monotonic() > deadline:
            problems.append("no service-level bar 30 s after the start")
            break
        time.sleep(0.2)
    charts = json.loads(page.eval(CHECK_JS))
    problems += charts["problems"]
    if charts["charts"] < 5:
        problems.append(f"only {charts['charts']} charts on the page")

    page.click("pause")
    paused = page.wait(lambda s: s[2] == "paused", "the page to show paused")
    time.sleep(2.0)
    after = page.status()
    if after[0] != paused[0] or after[1] != paused[1]:
        problems.append(f"updates after pause: frames {paused[0]} -> {after[0]}, "
                        f"clock {paused[1]} -> {after[1]}")
    else:
        print(f"paused: no update in 2 s (clock {after[1]:.0f})")

    page.click("step-minute")
    stepped = page.wait(lambda s: s[1] >= after[1] + 59, "step one minute to move the clock")
    print(f"step one minute: clock {after[1]:.0f} -> {stepped[1]:.0f}")
    before_event = page.status()
    page.click("step-event")
    page.wait(lambda s: s[0] > before_event[0] and s[1] >= before_event[1],
              "step one event to send an update")
    if page.status()[2] != "paused":
        problems.append("the run is not paused after a step")

    page.click("resume")
    resumed = page.status()
    page.wait(lambda s: s[1] > resumed[1] + 60 and s[2] == "running", "the clock after resume")
    print("resume: the clock runs again")

    inject_surge(page, problems)


# Outage calls waiting (the queue now and the last samples), from the page's own state.
OUTAGE_JS = """(() => { const k = hello.call_types.indexOf('outage');
  return Math.max(last.queue[k], ...history.slice(-30).map(h => h.queue[k])); })()"""


def inject_surge(page, problems):
    """The inject form: outage calls x100 for 30 minutes; the outage queue rises above what it
    was in the half hour before."""
    page.click("pause")
    page.wait(lambda s: s[2] == "paused", "the page to show paused before the inject")
    before = page.eval(OUTAGE_JS)
    page.eval("""(() => { document.getElementById('kind').value = 'surge';
      document.getElementById('kind').onchange();
      for (const o of document.getElementById('types').options) o.selected = o.value === 'outage';
      document.getElementById('multiplier').value = 100;
      document.getElementById('minutes').value = 30; })()""")
    page.click("inject")
    deadline = time.monotonic() + 15
    while "injected" not in (page.eval("document.getElementById('message').textContent") or ""):
        if time.monotonic() > deadline:
            problems.append("inject: no 'injected' answer: " +
                            str(page.eval("document.getElementById('message').textContent")))
            return
        time.sleep(0.1)
    page.click("resume")
    start = page.status()
    peak, deadline = before, time.monotonic() + 40
    while peak <= before + 5 and time.monotonic() < deadline and page.status()[1] < start[1] + 1800:
        time.sleep(0.2)
        peak = max(peak, page.eval(OUTAGE_JS))
    if peak <= before + 5:
        problems.append(f"an outage surge x100 did not raise the outage queue ({before} -> {peak})")
    else:
        print(f"inject: outage surge x100; the outage queue rose from {before} to {peak}")


def run_to_end(page, problems, last_header):
    """Every day to its end at full speed; the header then names the last day."""
    page.eval("(() => { const s = document.getElementById('speed-select'); s.value = 'max';"
              " s.onchange({target: s}); })()")
    page.wait(lambda s: s[2] == "day over", "the day to end at full speed", timeout=90)
    if day_header(page) != last_header:
        problems.append(f"at the end the header names the day '{day_header(page)}', "
                        f"expected '{last_header}'")
    elif last_header:
        print(f"at the end the header names the last day: '{last_header}'")


def save_and_replay(page, ccsim, saved, problems):
    """Save from the page, and `ccsim run -n 1` of the saved scenario with the page's seed:
    the page's final figures (offered, answered, abandoned), its last day's."""
    page.click("save")
    deadline = time.monotonic() + 15
    while "saved to" not in (page.eval("document.getElementById('message').textContent") or ""):
        if time.monotonic() > deadline:
            problems.append("save: no 'saved to' answer")
            return
        time.sleep(0.1)
    day = json.loads(page.eval("JSON.stringify([last.day, last.seed, last.day_name])"))
    out = saved.parent / "rerun"
    r = subprocess.run([ccsim, "run", str(saved), "-n", "1", "--seed", str(day[1]), "-q", "--out",
                        str(out)], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append(f"ccsim run of the saved scenario: exit {r.returncode}: {r.stderr}")
        return
    summary = json.load(open(out / "summary.json"))
    run = summary["day"]["calls"]["all"]
    if day[2]:  # a horizon: its last day's
        run = next(d for d in summary["days"] if d["name"] == day[2])["calls"]["all"]
    got = {k: run[k]["mean"] for k in ("offered", "answered", "abandoned")}
    want = {k: day[0][k] for k in ("offered", "answered", "abandoned")}
    if got != want:
        problems.append(f"the saved scenario's run {got} is not the live day {want}")
    else:
        print(f"save: ccsim run -n 1 of the saved scenario gives the live day: {got}")
    shutil.rmtree(saved.parent, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ccsim")
    ap.add_argument("scenario")
    ap.add_argument("--channels", default="",
                    help="the callbacks and IVR table's columns, comma-separated, in order")
    ap.add_argument("--day-headers", nargs=2, default=["", ""], metavar=("FIRST", "LAST"),
                    help="what the header names at the start and after the last day")
    ap.add_argument("--screenshot")
    o = ap.parse_args()
    chromium = find_chromium()
    if not chromium:
        print("check_live_page: chromium not found; install the Debian package 'chromium' "
              "(scripts/setup.sh does)", file=sys.stderr)
        return 1
    saved = pathlib.Path(tempfile.mkdtemp(prefix="check_live_page-")) / "saved"
    server = LiveServer(o.ccsim, o.scenario, "--speed", "120", "--out", str(saved))
    browser = Browser(chromium, 1400, 1800)
    problems = []
    try:
        page = Page(browser, browser.open(server.url, 1400, 1800))
        try:
            check(page, problems, o.channels, o.day_headers[0])
            run_to_end(page, problems, o.day_headers[1])
            save_and_replay(page, o.ccsim, saved, problems)
        except AssertionError as e:
            problems.append(str(e))
        if o.screenshot:
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=page.session)
            pathlib.Path(o.screenshot).write_bytes(base64.b64decode(shot["data"]))
        ws = f"ws://{server.host}:{server.port}/"
        problems += page_problems(browser.events,
                                  lambda url: url.startswith(server.url) or url.startswith(ws))
    finally:
        browser.close()
        code, err = server.interrupt()
    if code != 130:
        problems.append(f"ccsim live exited {code} on SIGINT, not 130: {err}")
    for p in problems:
        print(f"check_live_page: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
