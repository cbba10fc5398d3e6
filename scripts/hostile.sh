#!/usr/bin/env bash
# Hostile inputs that used to hang or exhaust a build: each must be answered (exit 2, a message
# naming the file and the rule) in under 5 seconds with under 500 MB of memory.
#
#   scripts/hostile.sh            (PAIBAN_BIN picks the binary; default target/release/paiban)
#
# Cases: /dev/zero as an article and as a picture (with --allow-outside-root, so the
# regular-file rule and not the root answers), a FIFO as an article, a 50 MB banner in a page
# plan, and a 3 MB banner (under the plan limit) that the fitting bound must answer.
# Prints wall time and peak resident memory per case (GNU time), and exits 1 if any case is
# over a bound or not answered with exit 2 (the 3 MB banner: exit 0 or 1, an overset report).
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${PAIBAN_BIN:-target/release/paiban}
[ -x "$bin" ] || { echo "no $bin; run cargo build --release first"; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layout=$(pwd)/layouts/sikai-6col.yaml
fail=0

edition() { # edition NAME BLOCKS
  local dir=$work/$1
  mkdir -p "$dir/articles"
  printf 'paper: 测试报\ncode: T\ndate: 2022-08-16\nissue_total: 1\nlayout: %s\npages: [page-1.yaml]\n' \
    "$layout" >"$dir/edition.yaml"
  printf 'section: 要闻\nblocks:\n%s' "$2" >"$dir/page-1.yaml"
  printf -- '---\ntitle: 早市\n---\n清晨五点，运河边的早市已经热闹起来。\n' >"$dir/articles/a.md"
  echo "$dir"
}

run() { # run NAME WANT-EXITS DIR ARGS...
  local name=$1 want=$2 dir=$3; shift 3
  /usr/bin/time -f '%e %M' -o "$work/time" timeout 60 "$bin" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  read -r secs kb < <(tail -1 "$work/time") 2>/dev/null || { secs=60; kb=0; }
  [ "$rc" = 124 ] && secs=">60"
  local mb=$(( kb / 1024 ))
  local verdict=ok
  case " $want " in *" $rc "*) ;; *) verdict="FAIL (exit $rc)";; esac
  if [ "$secs" = ">60" ] || awk "BEGIN{exit !($secs >= 5)}"; then verdict="FAIL (time)"; fi
  [ "$mb" -ge 500 ] && verdict="FAIL (memory)"
  [ "$verdict" = ok ] || fail=1
  printf '%-26s exit %-3s %6ss %6s MB  %s\n' "$name" "$rc" "$secs" "$mb" "$verdict"
  grep -m1 'error' "$work/err" | cut -c1-160 | sed 's/^/    /'
}

block='  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n'
d=$(edition zero-article "$(printf '  - article: /dev/zero\n    at: [1, 1]\n    size: [3, 30]\n')")
run "/dev/zero as article" 2 "$d" build "$d/edition.yaml" -o "$d/out.pdf" --allow-outside-root

d=$(edition zero-picture "$(printf "$block"'  - picture: /dev/zero\n    at: [4, 1]\n    size: [3, 20]\n')")
run "/dev/zero as picture" 2 "$d" build "$d/edition.yaml" -o "$d/out.pdf" --allow-outside-root

d=$(edition fifo "$(printf '  - article: articles/pipe.md\n    at: [1, 1]\n    size: [3, 30]\n')")
mkfifo "$d/articles/pipe.md"
run "FIFO as article" 2 "$d" build "$d/edition.yaml" -o "$d/out.pdf"

d=$(edition banner50 "")
{
  printf 'section: 要闻\nblocks:\n  - banner: { text: '
  head -c $((50 * 1024 * 1024)) </dev/zero | tr '\0' 'x' | sed 's/x\{3\}/文/g'
  printf ' }\n    at: [1, 1]\n    size: [6, 6]\n'
} >"$d/page-1.yaml"
run "50 MB banner" 2 "$d" build "$d/edition.yaml" -o "$d/out.pdf"

d=$(edition banner3 "")
{
  printf 'section: 要闻\nblocks:\n  - banner: { text: '
  head -c $((3 * 1024 * 1024)) </dev/zero | tr '\0' 'x' | sed 's/x\{3\}/明/g'
  printf ' }\n    at: [1, 1]\n    size: [6, 6]\n'
} >"$d/page-1.yaml"
run "3 MB banner (under limit)" "0 1" "$d" build "$d/edition.yaml" -o "$d/out.pdf"

exit $fail
