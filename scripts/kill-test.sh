#!/usr/bin/env bash
# Kill builds at random moments and check what is left at the output name.
#
#   scripts/kill-test.sh [RUNS] [--split]      (default 100 runs of the 4-page sample)
#
# The output starts as a complete "old" PDF (SOURCE_DATE_EPOCH=1); each run builds the "new"
# one (SOURCE_DATE_EPOCH=2, so the bytes differ) and is sent SIGKILL after a random delay
# between 0 and 1.2 × the measured build time. After every kill the output must be byte for byte
# the old or the new file; killed runs may leave temporaries; after the next successful build
# none may be left. With --split each page file is judged on its own, and a set that is part
# old, part new is counted (the documented crash window between renames, docs/security.md).
#
# PAIBAN_BIN picks the binary (default target/release/paiban; build it first).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
split=${2:-}
bin=${PAIBAN_BIN:-target/release/paiban}
edition=samples/dongchang-1461/edition.yaml
[ -x "$bin" ] || { echo "no $bin; run cargo build --release first"; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # build EPOCH TARGET
  if [ -n "$split" ]; then
    SOURCE_DATE_EPOCH=$1 "$bin" build "$edition" --split -o "$2" 2>/dev/null
  else
    SOURCE_DATE_EPOCH=$1 "$bin" build "$edition" -o "$2" 2>/dev/null
  fi
}

if [ -n "$split" ]; then
  build 1 "$work/old" && build 2 "$work/new" || { echo "the sample does not build"; exit 3; }
  names=$(cd "$work/old" && ls)
else
  build 1 "$work/old.pdf" && build 2 "$work/new.pdf" || { echo "the sample does not build"; exit 3; }
fi
start=$(date +%s%N)
probe=$work/probe.pdf; [ -n "$split" ] && probe=$work/probe
for _ in 1 2 3; do build 2 "$probe"; done
build_ms=$(( ($(date +%s%N) - start) / 3000000 ))
echo "build takes ~${build_ms} ms here; killing $runs runs at random moments in 0..$(( build_ms * 12 / 10 )) ms"

reset_output() {
  if [ -n "$split" ]; then rm -rf "$work/out"; cp -r "$work/old" "$work/out"
  else cp "$work/old.pdf" "$work/out.pdf"; fi
}

old=0 new=0 bad=0 mixed=0 left=0
for ((i = 1; i <= runs; i++)); do
  reset_output
  target=$work/out.pdf; [ -n "$split" ] && target=$work/out
  # paiban itself in the background (not a shell function, whose subshell would take the kill).
  if [ -n "$split" ]; then
    SOURCE_DATE_EPOCH=2 "$bin" build "$edition" --split -o "$target" 2>/dev/null &
  else
    SOURCE_DATE_EPOCH=2 "$bin" build "$edition" -o "$target" 2>/dev/null &
  fi
  pid=$!
  delay_us=$(( RANDOM * 32768 + RANDOM ))
  delay_us=$(( delay_us % (build_ms * 1200 + 1) ))
  sleep "$(printf '0.%06d' "$delay_us")"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ -n "$split" ]; then
    o=0 n=0
    for f in $names; do
      if cmp -s "$work/out/$f" "$work/old/$f"; then o=$((o + 1))
      elif cmp -s "$work/out/$f" "$work/new/$f"; then n=$((n + 1))
      else bad=$((bad + 1)); echo "run $i: $f is neither the old nor the new file"; fi
    done
    if [ $o -gt 0 ] && [ $n -gt 0 ]; then mixed=$((mixed + 1)); fi
    [ $n -eq 0 ] && old=$((old + 1)); [ $o -eq 0 ] && [ $n -gt 0 ] && new=$((new + 1))
    [ "$(find "$work/out" -name '.*.tmp' | wc -l)" -gt 0 ] && left=$((left + 1))
  else
    if cmp -s "$work/out.pdf" "$work/old.pdf"; then old=$((old + 1))
    elif cmp -s "$work/out.pdf" "$work/new.pdf"; then new=$((new + 1))
    else bad=$((bad + 1)); echo "run $i: out.pdf is neither the old nor the new file"; fi
    [ "$(find "$work" -maxdepth 1 -name '.out.pdf.*.tmp' | wc -l)" -gt 0 ] && left=$((left + 1))
  fi
done
# The temporaries the last killed run left stay in place; the next successful build must
# remove them (they belong to a process that is gone). One more is planted as a killed run
# leaves it (a pid above Linux's pid_max, never alive), so the check never passes vacuously.
planted=.out.pdf.2147483632.abcd1234.tmp
if [ -n "$split" ]; then touch "$work/out/.${names%%$'\n'*}.2147483632.abcd1234.tmp"
else touch "$work/$planted"; fi
if [ -n "$split" ]; then
  build 2 "$work/out"; remaining=$(find "$work/out" -name '.*.tmp' | wc -l)
  ok=$(for f in $names; do cmp -s "$work/out/$f" "$work/new/$f" || echo x; done | wc -l)
else
  build 2 "$work/out.pdf"; remaining=$(find "$work" -maxdepth 1 -name '.out.pdf.*.tmp' | wc -l)
  ok=0; cmp -s "$work/out.pdf" "$work/new.pdf" || ok=1
fi
echo "runs: $runs  old: $old  new: $new  neither: $bad  part-old-part-new sets: $mixed"
echo "kills after which a temporary was present: $left; temporaries after the next successful build: $remaining"
[ "$bad" -eq 0 ] && [ "$remaining" -eq 0 ] && [ "$ok" -eq 0 ]
