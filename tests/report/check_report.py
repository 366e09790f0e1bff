#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium and fails on anything a manager would notice.

    check_report.py REPORT.html [--screenshot OUT.png] [--width 1280] [--height 2400]

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe, the way
Puppeteer does it), with nothing but the Python standard library: no WebDriver, no
version-matched driver binary. The check fails (exit 1) when
  - the page logs any console message of level error or warning, throws an uncaught
    exception, or the browser logs an error (a blocked or failed load, a CSP violation);
  - the page tries to load anything at all (the report must be self-contained);
  - there is no svg.chart, or a chart has no area on screen, or its data-marks attribute is
    missing, zero, or differs from the number of its elements of class "mark", or one of
    those marks has no area (a bar of zero size is allowed; a line or point is not);
  - "NaN" or "Infinity" appears in the rendered text, or those or "undefined" in an SVG
    attribute;
  - a section named by --section (its id) is missing, or one named by --no-section is
    there (a section shown only when the scenario uses what it is about).
Chromium missing is a failure too (exit 1), never a skip: scripts/setup.sh installs it.
"""
import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import base64
import pathlib

CHECK_JS = r"""
(() => {
  const problems = [];
  const charts = [...document.querySelectorAll('svg.chart')];
  if (charts.length === 0) problems.push('no svg.chart in the page');
  charts.forEach((svg, i) => {
    const fig = svg.closest('figure');
    const cap = fig && fig.querySelector('figcaption');
    const name = `chart ${i + 1} (${cap ? cap.textContent : 'untitled'})`;
    const box = svg.getBoundingClientRect();
    if (!(box.width > 50 && box.height > 50)) {
      problems.push(`${name}: not rendered (box ${box.width}x${box.height})`);
    }
    const declared = Number(svg.getAttribute('data-marks'));
    const marks = [...svg.querySelectorAll('.mark')];
    if (!(declared > 0)) problems.push(`${name}: data-marks is ${svg.getAttribute('data-marks')}`);
    if (marks.length !== declared) {
      problems.push(`${name}: data-marks says ${declared}, found ${marks.length} marks`);
    }
    let drawn = 0;
    marks.forEach(m => {
      const b = m.getBBox();
      const sized = m.tagName === 'rect' ? (b.width >= 0 && b.height >= 0)
                                         : (b.width > 0 || b.height > 0);
      if (sized) drawn++;
      if (!m.querySelector('title')) problems.push(`${name}: a mark has no tooltip`);
    });
    if (drawn !== marks.length) {
      problems.push(`${name}: ${marks.length - drawn} of ${marks.length} marks have no size`);
    }
    for (const el of svg.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/NaN|Infinity|undefined/.test(a.value)) {
          problems.push(`${name}: <${el.tagName} ${a.name}="${a.value.slice(0, 60)}">`);
          break;
        }
      }
    }
  });
  const text = document.body.innerText;
  for (const bad of ['NaN', 'Infinity']) {
    if (new RegExp('\\b' + bad + '\\b').test(text)) problems.push(`page text shows "${bad}"`);
  }
  return JSON.stringify({charts: charts.length,
                         marks: charts.map(s => Number(s.getAttribute('data-marks'))),
                         problems});
})()
"""


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (replies out)."""

    def __init__(self, chromium, width, height):
        self.profile = tempfile.mkdtemp(prefix="ccsim-report-check-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--window-size={width},{height}", f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe", "about:blank"]
        self.log = open(os.path.join(self.profile, "chromium.log"), "w")

        # bash puts the pipe ends on fds 3 and 4, where Chromium expects them, whatever
        # numbers they have here.
        wrapper = f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w}'
        self.proc = subprocess.Popen(["bash", "-c", wrapper] + args, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log,
                                     pass_fds=(to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_child], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe (crashed?); its log: " +
                                   open(self.log.name).read()[-2000:])
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        for i, e in enumerate(self.events):
            if predicate(e):
                return self.events.pop(i)
        while True:
            m = self._read(deadline)
            if predicate(m):
                return m
            self.events.append(m)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        reply = self.wait_for(lambda m, i=self.next_id: m.get("id") == i, timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, url, width, height):
        """A new tab at `url`, loaded, with the console, log, page and network events on;
        returns its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable", "Network.enable"):
            self.send(domain, session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": False}, session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for(lambda m: m.get("method") == "Page.loadEventFired")
        return session

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def page_problems(events, own_url):
    """What a page said that a user would notice, from the DevTools events: console errors
    and warnings, uncaught exceptions, browser errors, and any load of a URL for which
    own_url(url) is false (data: URLs aside)."""
    problems = []
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning",
                                                                       "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
            problems.append(f"console.{p['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            problems.append("uncaught exception: " +
                            d.get("exception", {}).get("description", d.get("text", "")))
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            problems.append(f"browser {p['entry']['level']} ({p['entry']['source']}): "
                            f"{p['entry']['text']}")
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not own_url(url) and not url.startswith("data:"):
                problems.append(f"the page loads {url}: it must be self-contained")
    return problems


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("--screenshot")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--full-page", action="store_true", help="screenshot the whole page")
    ap.add_argument("--section", action="append", default=[], metavar="ID",
                    help="a <section id=ID> that must be in the page")
    ap.add_argument("--no-section", action="append", default=[], metavar="ID",
                    help="a <section id=ID> that must not be in the page")
    ap.add_argument("--from-y", type=int, default=0,
                    help="screenshot the page from this y (CSS px), one window high")
    o = ap.parse_args()

    report = pathlib.Path(o.report).resolve()
    if not report.is_file():
        print(f"check_report: {report}: no such file", file=sys.stderr)
        return 1
    chromium = find_chromium()
    if not chromium:
        print("check_report: chromium not found; install the Debian package 'chromium' "
              "(scripts/setup.sh does)", file=sys.stderr)
        return 1

    browser = Browser(chromium, o.width, o.height)
    problems = []
    try:
        session = browser.open(report.as_uri(), o.width, o.height)
        result = browser.send("Runtime.evaluate",
                              {"expression": CHECK_JS, "returnByValue": True},
                              session=session)
        if "exceptionDetails" in result:
            problems.append("the check script failed: " + json.dumps(result["exceptionDetails"]))
            checks = {"charts": 0, "marks": [], "problems": []}
        else:
            checks = json.loads(result["result"]["value"])
        problems += checks["problems"]
        for want, ids in ((True, o.section), (False, o.no_section)):
            for sid in ids:
                found = browser.send("Runtime.evaluate", {
                    "expression": f"!!document.querySelector('section[id={json.dumps(sid)}]')",
                    "returnByValue": True}, session=session)["result"]["value"]
                if found != want:
                    problems.append(f"section #{sid} " + ("missing" if want else "present"))
        if o.screenshot:
            params = {"format": "png"}
            if o.full_page:
                params["captureBeyondViewport"] = True
                metrics = browser.send("Page.getLayoutMetrics", session=session)
                size = metrics["cssContentSize"]
                params["clip"] = {"x": 0, "y": 0, "width": size["width"],
                                  "height": size["height"], "scale": 1}
            elif o.from_y:
                params["captureBeyondViewport"] = True
                params["clip"] = {"x": 0, "y": o.from_y, "width": o.width, "height": o.height,
                                  "scale": 1}
            shot = browser.send("Page.captureScreenshot", params, session=session)
            pathlib.Path(o.screenshot).write_bytes(base64.b64decode(shot["data"]))
        # Everything the page said while loading and being checked.
        problems += page_problems(browser.events, lambda url: url == report.as_uri())
    finally:
        browser.close()

    for p in problems:
        print(f"check_report: {report.name}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_report: {report.name}: {checks['charts']} charts rendered, "
          f"marks {checks['marks']}; no console errors"
          + (f"; screenshot {o.screenshot}" if o.screenshot else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
