#!/usr/bin/env bash
# Run every fuzz target for a bounded time and print executions and crashes per target.
#
#   scripts/fuzz.sh [SECONDS] [--no-huge]   (default 60 s per target)
#   FUZZ_TARGETS="edition lint" scripts/fuzz.sh 300   (only some targets)
#   FUZZ_RUNS=1000000 scripts/fuzz.sh 1800   (stop each target after that many runs, or the time)
#
# Targets: article (front matter + body parser), yaml (every YAML type, grid placement),
# compose (line breaking), edition (page plan + article through the read policy, resolve,
# layout and the PDF writer), picture (JPEG/PNG header, decoding, the PDF writer), lint (the
# copy lint; --fix is idempotent and keeps every hanzi), font (font bytes through the shaper,
# line breaking and the PDF writer's subsetter).
#
# Harness: cargo fuzz (libFuzzer through libfuzzer-sys). cargo fuzz passes unstable rustc flags
# (-Z…), so on a stable toolchain this script sets RUSTC_BOOTSTRAP=1; no nightly is needed.
# Sanitizer: none (paiban is safe Rust apart from memory-mapping fonts); overflow checks and
# debug assertions are on (-a), so an arithmetic overflow is a crash.
#
# The committed seeds are in fuzz/seeds/<target>/; the growing corpus (fuzz/corpus/) and
# crashing inputs (fuzz/artifacts/<target>/crash-*) are not committed. A crash found here
# becomes a test in tests/integration/regressions.rs or a case in tests/bad/.
#
# After the fuzz targets, the 5 MB-article case of tests/integration/bad_inputs.rs is run against the
# release binary (PAIBAN_BIN; it takes about 100 s against a debug build).
set -uo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
root=$(pwd)
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
targets=(${FUZZ_TARGETS:-article yaml compose edition picture svg lint font})
# Longest input per target: a long article, a page of YAML, a long paragraph, a page plan and
# its article, a small picture, an article to lint, a small font. -len_control=0 lets inputs grow to these
# at once instead of creeping up from a few bytes (the seeds are several KB).
declare -A max_len=([article]=65536 [yaml]=16384 [compose]=8192 [edition]=32768 [picture]=65536 [svg]=65536 [lint]=65536 [font]=65536)
mkdir -p fuzz/logs
echo "building the fuzz targets (release, debug assertions on)…"
(cd fuzz && cargo fuzz build -s none -a -O) || { echo "fuzz build failed"; exit 3; }
total_runs=0
total_crashes=0
summary=""
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  cp -n fuzz/seeds/$t/* "$corpus"/ 2>/dev/null || true
  before=$(ls fuzz/artifacts/$t | grep -c '^crash-\|^oom-\|^timeout-' || true)
  echo "── $t: ${seconds}s"
  start=$(date +%s)
  (cd fuzz && cargo fuzz run -s none -a -O "$t" "$root/$corpus" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len="${max_len[$t]}" \
      -len_control=0 -print_final_stats=1 ${FUZZ_RUNS:+-runs=$FUZZ_RUNS}) >"fuzz/logs/$t.log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  runs=${runs:-0}
  after=$(ls fuzz/artifacts/$t | grep -c '^crash-\|^oom-\|^timeout-' || true)
  crashes=$(( after - before ))
  total_runs=$(( total_runs + runs ))
  total_crashes=$(( total_crashes + crashes ))
  line=$(printf '%-8s %5ss  %10s executions  %s new crash(es)  exit %s' "$t" "$took" "$runs" "$crashes" "$rc")
  echo "$line"
  summary+="$line"$'\n'
  if [ "$crashes" -gt 0 ]; then
    grep -m1 -A3 'panicked at\|ERROR: libFuzzer' "fuzz/logs/$t.log" | sed 's/^/    /'
    ls -t fuzz/artifacts/$t | head -3 | sed "s|^|    fuzz/artifacts/$t/|"
  fi
done
echo
echo "fuzz summary (${seconds}s per target):"
printf '%s' "$summary"
echo "total: $total_runs executions, $total_crashes crash(es)"

if [ "${2:-}" = "--no-huge" ]; then
  [ "$total_crashes" -eq 0 ]
  exit
fi
echo
echo "── the 5 MB article against a release build"
cargo build --release --bin paiban 2>&1 | tail -1
target_dir=${CARGO_TARGET_DIR:-target}
PAIBAN_BIN="$target_dir/release/paiban" cargo test --test integration bad_inputs::five_megabyte -- --ignored --nocapture 2>&1 \
  | grep -E "MB article|test result|panicked" || true
[ "$total_crashes" -eq 0 ]
