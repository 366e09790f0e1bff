#!/usr/bin/env bash
# Ctrl-C during `ccsim run`: exit 130, the destination is not created, and no temporary
# folder is left behind. Usage: interrupt.sh CCSIM SOURCE WORK
set -u
ccsim=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$ccsim" run "$source/scenarios/default" -n 20000 -j 2 -q --out "$work/out" 2>"$work/err" &
pid=$!
# Wait until the run has started writing (its temporary folder exists), then interrupt.
for _ in $(seq 100); do
  compgen -G "$work/.out.partial-*" >/dev/null && break
  sleep 0.05
done
sleep 0.3
kill -INT "$pid"
wait "$pid"
code=$?
fail() { echo "FAIL: $*"; cat "$work/err"; exit 1; }
[ "$code" -eq 130 ] || fail "exit code $code, expected 130"
[ ! -e "$work/out" ] || fail "the output folder exists after an interrupted run"
! compgen -G "$work/.out.partial-*" >/dev/null || fail "a temporary folder was left behind"
grep -q "interrupted after" "$work/err" || fail "no 'interrupted' message"
echo "ok: $(cat "$work/err")"
