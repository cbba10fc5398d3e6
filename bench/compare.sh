#!/usr/bin/env bash
# paiban against Typst on the sample edition, --pages 2 against the full build, peak memory, and
# linearity (24 pages against 4; a 10× longer article against 1×). Release build, whole process,
# interleaved runs, medians.
#
#   bench/compare.sh [RUNS]        (default 11; needs python3 with PyYAML, `pip install typst`)
#
# Environment: PAIBAN (default $CARGO_TARGET_DIR/release/paiban or target/release/paiban),
# WORK (default a temporary folder, kept and printed).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-11}
paiban=${PAIBAN:-${CARGO_TARGET_DIR:-$here/target}/release/paiban}
work=${WORK:-$(mktemp -d -t paiban-bench.XXXXXX)}
mkdir -p "$work"
[ -x "$paiban" ] || { echo "build first: cargo build --release ($paiban missing)" >&2; exit 2; }
python3 -c 'import yaml' || { echo "needs PyYAML" >&2; exit 2; }
python3 -c 'import typst' 2>/dev/null || { echo "needs the Typst Python bindings: pip install typst" >&2; exit 2; }
sample=$here/samples/dongchang-1461
fonts=$here/fonts
run=$here/bench/run_interleaved.py

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "paiban: $paiban   work: $work   runs: $runs (interleaved, after one warm-up round)"
echo "typst (Python bindings): $(python3 -c 'import typst; print(typst.__version__)')"

python3 "$here/bench/gen_typst.py" "$sample/edition.yaml" "$work/sample.typ"
python3 "$here/bench/gen_editions.py" "$sample" "$work/gen" >/dev/null
typst_cmd="python3 -c 'import typst; typst.compile(\"$work/sample.typ\", output=\"$work/typst.pdf\", font_paths=[\"$fonts\"], ignore_system_fonts=True, root=\"/\")'"
export PAIBAN_FONTS=$fonts
pb() { echo "$paiban build $1 -o $2 ${3:-}"; }

echo
echo "== 1. sample edition (4 pages): paiban vs Typst; --pages 2 and --pages 4 vs full"
python3 "$run" "$runs" "$work/sample.json" \
  paiban "$(pb "$sample/edition.yaml" "$work/paiban.pdf")" \
  "paiban --pages 2" "$(pb "$sample/edition.yaml" "$work/paiban-p2.pdf" "--pages 2")" \
  "paiban --pages 4" "$(pb "$sample/edition.yaml" "$work/paiban-p4.pdf" "--pages 4")" \
  typst "$typst_cmd" \
  "python3 -c 'import typst'" "python3 -c 'import typst'"

echo
echo "== 2. linearity"
python3 "$run" "$runs" "$work/linear.json" \
  "4 pages" "$(pb "$sample/edition.yaml" "$work/p4.pdf")" \
  "24 pages" "$(pb "$work/gen/pages24/edition.yaml" "$work/p24.pdf")" \
  "article 1x (1 page)" "$(pb "$work/gen/long-1/edition.yaml" "$work/l1.pdf")" \
  "article 10x (10 pages)" "$(pb "$work/gen/long-10/edition.yaml" "$work/l10.pdf")"

python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
s = json.load(open(f"{w}/sample.json")); l = json.load(open(f"{w}/linear.json"))
m = lambda d, k: d[k]["median_s"]
pt, tt, ti = m(s, "paiban"), m(s, "typst"), m(s, "python3 -c 'import typst'")
print()
print("| measure | value | target |")
print("|---|---|---|")
print(f"| paiban, sample edition (median) | {pt*1000:.0f} ms | |")
print(f"| Typst, equivalent document (median, whole python3 process) | {tt*1000:.0f} ms | |")
print(f"| of which `python3 -c 'import typst'` | {ti*1000:.0f} ms | |")
print(f"| paiban / Typst | {pt/tt:.3f} (1/{tt/pt:.1f}) | ≤ 0.2 |")
print(f"| paiban / (Typst − Python start-up) | {pt/(tt-ti):.3f} | |")
p2 = m(s, "paiban --pages 2")
print(f"| paiban --pages 2 / full | {p2*1000:.0f} / {pt*1000:.0f} ms = {p2/pt:.2f} | ≤ 0.5 |")
# Page 4 has no jumps: a one-page build is fixed + one page's work, the full build fixed + four.
p4 = m(s, "paiban --pages 4")
per_page = (pt - p4) / 3
print(f"| paiban --pages 4 (no jumps) / full | {p4*1000:.0f} / {pt*1000:.0f} ms = {p4/pt:.2f} | |")
print(f"| ⇒ per page, fixed (from full and --pages 4) | {per_page*1000:.1f} ms, {(p4-per_page)*1000:.1f} ms | |")
print(f"| peak RSS, paiban sample | {s['paiban']['peak_rss_mb']:.1f} MB | ≤ 150 MB |")
print(f"| peak RSS, Typst | {s['typst']['peak_rss_mb']:.1f} MB | |")
t4, t24, a1, a10 = m(l, "4 pages"), m(l, "24 pages"), m(l, "article 1x (1 page)"), m(l, "article 10x (10 pages)")
print(f"| 24 pages / (6 × 4 pages) | {t24*1000:.0f} / (6 × {t4*1000:.0f}) ms = {t24/(6*t4):.2f} | ≤ 1.2 |")
print(f"| article 10× / (10 × 1×) | {a10*1000:.0f} / (10 × {a1*1000:.0f}) ms = {a10/(10*a1):.2f} | ≤ 1.2 |")
print(f"| peak RSS, 24 pages / 10× article | {l['24 pages']['peak_rss_mb']:.1f} / {l['article 10x (10 pages)']['peak_rss_mb']:.1f} MB | |")
PY
