#!/usr/bin/env python3
"""Output folders as a user meets them: nothing a user wrote is lost, an interrupted or
killed command leaves nothing half-written, and Ctrl-C is prompt in every command.

usage: output_safety.py CCSIM SOURCE_DIR WORK_DIR CASE [KILLS]
CASE: foreign | replace | inputs | stale | interrupt | kill | disk
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

CCSIM, SOURCE, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
CASE = sys.argv[4]
KILLS = int(sys.argv[5]) if len(sys.argv) > 5 else 6
TINY = os.path.join(SOURCE, "tests", "data", "tiny")
DEFAULT = os.path.join(SOURCE, "scenarios", "default", "scenario.toml")
LOG = os.path.join(SOURCE, "tests", "data", "calllog", "good.txt")
# A real month (shared/, beside the repository, as in CI): enough calls to fit.
BANK = os.path.join(SOURCE, "..", "shared", "data", "anonymous_bank", "october.txt")
MARKER = ".ccsim-output"


def fail(what):
    print("FAIL:", what)
    sys.exit(1)


def ccsim(*args, expect=0):
    p = subprocess.run([CCSIM, *args], cwd=WORK, capture_output=True, text=True, timeout=600)
    if expect is not None and p.returncode != expect:
        fail(f"ccsim {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def refused(args, why):
    """The command is refused (exit 74) and says why."""
    p = ccsim(*args, expect=74)
    if why not in p.stderr:
        fail(f"ccsim {' '.join(args)}: expected '{why}', got: {p.stderr}")


def snapshot(folder):
    """Every file under folder with its bytes."""
    out = {}
    for root, _, files in os.walk(folder):
        for f in files:
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, folder)] = fh.read()
    return out


def hidden_partials():
    found = []
    for root, dirs, _ in os.walk(WORK):
        found += [os.path.join(root, d) for d in dirs if ".partial-" in d]
    return found


def complete(folder):
    """A folder ccsim finished: its marker lists exactly what is there."""
    marker = os.path.join(folder, MARKER)
    if not os.path.isfile(marker):
        return False
    with open(marker) as fh:
        listed = {line.split(" ", 3)[3] for line in fh.read().splitlines()[1:]}
    return listed == set(os.listdir(folder)) - {MARKER}


def huge_scenario():
    """The default day with three times its calls, x1000 all day: one replication runs for over
    ten seconds, so a Ctrl-C that waited for it would be seen, even against a bound that
    leaves room for a loaded machine."""
    d = os.path.join(WORK, "huge")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "scenario.toml"), "w") as fh:
        fh.write(f'base = "{DEFAULT}"\n[scenario]\nname = "huge"\n'
                 '[forecast]\ndaily_calls = 34500\n'  # three times the default's
                 '[[events]]\nkind = "surge"\nstart = "08:00"\nend = "18:00"\n'
                 'multiplier = 1000.0\n')
    return d


def case_foreign():
    mine = os.path.join(WORK, "mine")
    os.makedirs(mine)
    with open(os.path.join(mine, "notes.txt"), "w") as fh:
        fh.write("my notes\n")
    before = snapshot(mine)
    p = ccsim("run", TINY, "-n", "2", "-q", "--out", "mine", expect=74)
    if "holds files ccsim did not write ('notes.txt')" not in p.stderr or "--force" not in p.stderr:
        fail("the refusal does not say why and how: " + p.stderr)
    if snapshot(mine) != before:
        fail("a refused run changed the folder")
    for cmd in (["staff", TINY, "-n", "2"], ["compare", TINY, "--variant", "x: center.absenteeism=0"],
                ["fit", LOG], ["schedule", DEFAULT, "-n", "2"]):
        ccsim(*cmd, "-q", "--out", "mine", expect=74)
        if snapshot(mine) != before:
            fail(f"a refused {cmd[0]} changed the folder")
    # --force keeps the old folder, whole, beside the new one.
    p = ccsim("run", TINY, "-n", "2", "-q", "--out", "mine", "--force")
    if snapshot(os.path.join(WORK, "mine.old-1")) != before:
        fail("--force did not keep the old folder as mine.old-1")
    if "mine.old-1" not in p.stderr or not complete(mine):
        fail("--force: no new output or no word of where the old one went")
    # Notes added to an old output, or an output file edited, are not replaced either.
    ccsim("run", TINY, "-n", "2", "-q", "--out", "r1")
    with open(os.path.join(WORK, "r1", "calls.csv"), "a") as fh:
        fh.write("# checked by me\n")
    refused(["run", TINY, "-n", "2", "-q", "--out", "r1"],
            "'calls.csv', which ccsim did not write or which was changed since")
    print("ok: foreign folders refused, --force keeps them as OUT.old-1")


def case_replace():
    ccsim("run", TINY, "-n", "2", "-q", "--out", "r")
    first = snapshot(os.path.join(WORK, "r"))
    ccsim("run", TINY, "-n", "3", "-q", "--out", "r")
    second = snapshot(os.path.join(WORK, "r"))
    if first == second or not complete(os.path.join(WORK, "r")):
        fail("a rerun did not replace its own output")
    # calls.csv, agents.csv and trace.csv are fingerprinted as written, not read back
    # (issue 18): the marker must still match the bytes, or this rerun would be refused.
    ccsim("run", TINY, "-n", "2", "-q", "--trace", "--out", "r")
    ccsim("run", TINY, "-n", "3", "-q", "--out", "r")
    if snapshot(os.path.join(WORK, "r")) != second:
        fail("a rerun after a traced run did not replace it with the same output")
    if hidden_partials() or os.listdir(WORK) != ["r"]:
        fail(f"left behind: {os.listdir(WORK)} {hidden_partials()}")
    # Another command's output is not replaced.
    refused(["staff", TINY, "-n", "2", "-q", "--out", "r"],
            "holds the output of 'ccsim run', which 'ccsim staff' does not replace")
    refused(["schedule", DEFAULT, "-n", "2", "-q", "--out", "r"],
            "holds the output of 'ccsim run', which 'ccsim schedule' does not replace")
    print("ok: reruns replace their own output, and only theirs")


def case_inputs():
    # ccsim fit LOG --out jan && ccsim run jan --out jan must not delete the scenario.
    ccsim("fit", BANK, "--weekdays", "sun-thu", "-q", "--out", "jan")
    before = snapshot(os.path.join(WORK, "jan"))
    p = ccsim("run", "jan", "-n", "2", "-q", "--out", "jan", expect=74)
    if "which this command reads" not in p.stderr:
        fail("run into its own scenario folder: " + p.stderr)
    ccsim("run", "jan", "-n", "2", "-q", "--out", "jan", "--force", expect=74)
    ccsim("run", "jan", "-n", "2", "-q", "--out", ".", expect=74)
    ccsim("fit", BANK, "--weekdays", "sun-thu", "-q", "--out", WORK, expect=74)
    if snapshot(os.path.join(WORK, "jan")) != before:
        fail("the fitted scenario changed")
    ccsim("run", "jan", "-n", "2", "-q", "--out", "jan_run")
    print("ok: an output folder never replaces a command's own input")


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def case_stale():
    pid = dead_pid()
    ours = os.path.join(WORK, f".old_run.partial-{pid}")
    os.makedirs(ours)
    open(os.path.join(ours, ".ccsim-partial"), "w").close()
    open(os.path.join(ours, "calls.csv"), "w").write("x" * 1000)
    empty = os.path.join(WORK, f".other.partial-{pid}")
    os.makedirs(empty)
    theirs = os.path.join(WORK, f".users.partial-{pid}")  # not ccsim's: no marker
    os.makedirs(theirs)
    open(os.path.join(theirs, "keep.txt"), "w").write("mine")
    live = os.path.join(WORK, f".live.partial-{os.getpid()}")  # a running process's
    os.makedirs(live)
    open(os.path.join(live, ".ccsim-partial"), "w").close()
    ccsim("run", TINY, "-n", "2", "-q", "--out", "r")
    left = sorted(os.listdir(WORK))
    want = sorted(["r", os.path.basename(theirs), os.path.basename(live)])
    if left != want:
        fail(f"after a run beside stale folders: {left}, expected {want}")
    print("ok: stale temporary folders of dead processes are removed, nothing else")


def interrupt(cmd, after_s, out):
    """Ctrl-C after `after_s`: exit 130 within 5 s, nothing at --out, no hidden folder.
    (One replication of the huge day takes over ten seconds: waiting for it would be seen;
    the bound leaves room for a loaded machine, where 2 s once failed.)"""
    p = subprocess.Popen([CCSIM, *cmd, "-q", "--out", out], cwd=WORK, stderr=subprocess.PIPE,
                         text=True)
    time.sleep(after_s)
    if p.poll() is not None:
        fail(f"{cmd[0]} ended before the interrupt: {p.stderr.read()}")
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        err = p.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        fail(f"{cmd[0]} did not stop within 60 s of Ctrl-C")
    took = time.monotonic() - t0
    if p.returncode != 130 or "interrupted" not in err:
        fail(f"{cmd[0]}: exit {p.returncode} after Ctrl-C, expected 130: {err}")
    if took > 5.0:
        fail(f"{cmd[0]} took {took:.1f} s to stop after Ctrl-C")
    if os.path.exists(os.path.join(WORK, out)) or hidden_partials():
        fail(f"{cmd[0]}: output or temporary folder left after Ctrl-C: {os.listdir(WORK)}")
    print(f"ok: {cmd[0]} stopped {took:.2f} s after Ctrl-C: {err.strip()}")


def case_interrupt():
    huge = huge_scenario()
    big = ["--max-calls-per-day", "5e7"]
    interrupt(["run", huge, "-n", "2", "-j", "1", *big], 1.5, "run_out")
    interrupt(["staff", huge, "-n", "2", "-j", "1", *big], 1.5, "staff_out")
    interrupt(["compare", huge, "-n", "2", "-j", "1", "--variant", "x: center.absenteeism=0.1",
               *big], 1.5, "compare_out")
    interrupt(["schedule", huge, "-n", "2", "-j", "1", *big], 1.5, "schedule_out")
    interrupt(["fit", BANK, "--weekdays", "sun-thu", "--validate", "-n", "4000"], 3.0,
                  "fit_out")


def case_kill():
    """kill -9 at random moments of run, staff and fit, some of them replacing an earlier
    output; then one run that completes. Every visible output is complete, no hidden
    folder is left."""
    rng = random.Random(int(os.environ.get("KILL_SEED", "1")))
    commands = [
        ["run", os.path.join(SOURCE, "scenarios", "default"), "-n", "100", "-q", "--out", "r"],
        ["staff", os.path.join(SOURCE, "scenarios", "default"), "-n", "4", "-q", "--out", "s"],
        ["fit", BANK, "--weekdays", "sun-thu", "--validate", "-n", "10", "-q", "--out", "f"],
    ]
    # Each once to the end: its time on this machine is the span the kills fall in, and
    # later kills then hit a run that replaces an existing output.
    spans = []
    for cmd in commands:
        t0 = time.monotonic()
        ccsim(*cmd)
        spans.append(time.monotonic() - t0)
    ccsim("run", TINY, "-n", "2", "-q", "--out", "r2")
    killed = 0
    for k in range(KILLS):
        cmd, span = commands[k % len(commands)], spans[k % len(commands)]
        p = subprocess.Popen([CCSIM, *cmd], cwd=WORK, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, span))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait()
        for name in os.listdir(WORK):
            path = os.path.join(WORK, name)
            if not name.startswith(".") and os.path.isdir(path) and not complete(path):
                fail(f"after kill {k + 1}: {name} is visible but not complete")
    ccsim("run", TINY, "-n", "2", "-q", "--out", "r2")
    left = hidden_partials()
    if left:
        fail(f"hidden folders left after the next run: {left}")
    print(f"ok: {KILLS} commands, {killed} killed at random moments; "
          f"no partial output visible, no hidden folder left")


def case_disk():
    """A disk with less room than the output needs: refused before any work, exit 74.
    Needs a small tmpfs (root); exit 77 (skipped) where it cannot be mounted."""
    mnt = os.path.join(WORK, "small")
    os.makedirs(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt],
                      capture_output=True).returncode != 0:
        print("skipped: cannot mount a tmpfs here")
        sys.exit(77)
    try:
        t0 = time.monotonic()
        p = ccsim("run", os.path.join(SOURCE, "scenarios", "default"), "-n", "100", "-q",
                  "--out", os.path.join(mnt, "r"), expect=74)
        if "the output needs about 7 MB and its disk has 2 MB free" not in p.stderr:
            fail("no free-space check: " + p.stderr)
        if os.listdir(mnt):
            fail(f"left on the small disk: {os.listdir(mnt)}")
        # What fits is written.
        ccsim("run", TINY, "-n", "2", "-q", "--out", os.path.join(mnt, "r"))
        subprocess.run(["umount", mnt])
        # A disk that fills up while writing (the estimate is of the CSVs): the message
        # names the file as the user knows it, and why.
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", mnt], check=True)
        p2 = ccsim("run", TINY, "-n", "2", "-q", "--out", os.path.join(mnt, "r"), expect=74)
        if f"cannot write {mnt}/r/" not in p2.stderr or "No space left on device" not in p2.stderr:
            fail("a full disk is not reported as such: " + p2.stderr)
        if os.listdir(mnt):
            fail(f"left on the full disk: {os.listdir(mnt)}")
    finally:
        subprocess.run(["umount", mnt])
    print("ok: " + p.stderr.strip())


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"foreign": case_foreign, "replace": case_replace, "inputs": case_inputs, "stale": case_stale,
 "interrupt": case_interrupt, "kill": case_kill, "disk": case_disk}[CASE]()
