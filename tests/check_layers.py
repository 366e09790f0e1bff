#!/usr/bin/env python3
"""The layers are real: every #include of a project header, and of the libraries that
belong to one layer, must follow the table below (docs/ARCHITECTURE.md draws it). Fails,
naming file, line and the edge, on anything else.

usage: check_layers.py SOURCE_DIR
"""
import os
import re
import sys

# Bottom up. A layer may include itself and the layers listed for it, nothing else.
ALLOWED = {
    "sim/engine": [],
    "sim/model": ["sim/engine"],
    "sim/metrics": ["sim/engine", "sim/model"],
    "sim/scenario": ["sim/engine", "sim/model"],
    "analysis": ["sim/engine", "sim/model", "sim/metrics", "sim/scenario"],
    "report": ["sim/engine", "sim/model", "sim/metrics", "sim/scenario", "analysis"],
    "live": ["sim/engine", "sim/model", "sim/metrics", "sim/scenario", "analysis", "report"],
    "app": ["sim/engine", "sim/model", "sim/metrics", "sim/scenario", "analysis", "report",
            "live"],
    # The Python module: a top like app, over the analyses and the report writers.
    "python": ["sim/engine", "sim/model", "sim/metrics", "sim/scenario", "analysis", "report"],
}
# Libraries that are one layer's business: the parsers stay in the scenario layer, linear
# algebra in analysis, the command-line parser in app, the network in live, pybind11 in
# python. JSON is one library spoken by the two layers that talk to the outside in it
# (files; the live socket).
LIBRARY_OWNER = {
    "toml++/": "sim/scenario",
    "csv.h": "sim/scenario",
    "Eigen/": "analysis",
    "coin/": "analysis",
    "nlohmann/": ("report", "live"),
    "boost/program_options": "app",
    "boost/beast": "live",
    "pybind11/": "python",
    "boost/mpi": "analysis",
    "mpi.h": "analysis",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(path):
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if path == layer or path.startswith(layer + "/"):
            return layer
    return None


def main():
    root = sys.argv[1]
    bad, checked = [], 0
    for layer in ALLOWED:
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                checked += 1
                with open(path, encoding="utf-8") as fh:
                    for no, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(2)
                        if m.group(1) == '"':
                            to = layer_of(target)
                            if to is None:
                                bad.append(f"{rel}:{no}: includes {target}, in no layer")
                            elif to != layer and to not in ALLOWED[layer]:
                                bad.append(f"{rel}:{no}: {layer} may not include {to} ({target})")
                        for lib, owner in LIBRARY_OWNER.items():
                            owners = owner if isinstance(owner, tuple) else (owner,)
                            if target.startswith(lib) and layer not in owners:
                                bad.append(f"{rel}:{no}: {target} belongs to "
                                           f"{' and '.join(owners)}, not {layer}")
    if checked < 40:
        bad.append(f"only {checked} files found under {root}: wrong folder?")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} forbidden include(s); the allowed edges are in {__file__}")
        return 1
    print(f"ok: {checked} files in {len(ALLOWED)} layers, every include along an allowed edge")
    return 0


sys.exit(main())
