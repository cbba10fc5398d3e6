#!/usr/bin/env python3
"""Count 避头尾 (kinsoku) violations in the vertical columns of a PDF, from glyph positions.

usage: scripts/vertical_kinsoku.py FILE.pdf [--verbose]

quality.py reads horizontal lines only. This asks MuPDF for every glyph with its position
(`mutool draw -F stext`), keeps the lines MuPDF found in vertical writing mode (wmode 1: the
glyphs of paiban's Identity-V fonts), orders each column's glyphs by their position top to
bottom, and checks the column's first and last characters against the GB-style sets of
/work/shared/reference/cjk-typesetting.md §1.2 (the composer's default, `kinsoku: gb`).
It also checks that each column's glyphs run strictly downwards and prints one summary line.
Exit status 1 when a violation is found.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NOT_START = set("。．，、；：？！‼⁇⁈⁉”’）》〉】〕〗」』］｝〙〟·・‧–～/／%‰℃°′″々〃")
NOT_END = set("“‘（《〈【〔〖「『［｛〘〝￥$£€№#/／")


def columns(pdf):
    out = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext', '-o', '-', pdf],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(out)
    for page_no, page in enumerate(root.iter('page'), 1):
        for line in page.iter('line'):
            if line.get('wmode') != '1':
                continue
            chars = [(float(c.get('y')), float(c.get('x')), c.get('c'))
                     for c in line.iter('char') if c.get('c', '').strip()]
            if chars:
                yield page_no, chars


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    verbose = '--verbose' in sys.argv
    count = chars_total = bad = disorder = 0
    for page, chars in columns(sys.argv[1]):
        count += 1
        chars_total += len(chars)
        ys = [y for y, _, _ in chars]
        if any(b <= a for a, b in zip(ys, ys[1:])):
            disorder += 1
            if verbose:
                print(f"page {page}: column not top to bottom: {''.join(c for _, _, c in chars)}")
        ordered = sorted(chars)
        first, last = ordered[0][2], ordered[-1][2]
        text = ''.join(c for _, _, c in ordered)
        if first in NOT_START or last in NOT_END:
            bad += 1
            print(f"page {page}: kinsoku violation in column “{text}”")
        elif verbose:
            print(f"page {page}: {text}")
    print(f"vertical columns: {count}, characters: {chars_total}, "
          f"kinsoku violations: {bad}, columns out of order: {disorder}")
    sys.exit(1 if bad or disorder else 0)


if __name__ == '__main__':
    main()
