#!/usr/bin/env python3
"""Seams of the body text in a PDF, measured from glyph positions (mutool stext), not from
paiban's report:
- paragraph tails heading a column: the first body line of a column block (no body line of the
  same column within 1.6 lines above it) that is a paragraph's last line: it does not reach the
  column's right edge, is not indented, and ends a sentence. Listed with their length; `short`
  counts those of --widow characters or fewer (default 4, paiban's widow_chars);
- loose lines: body lines with more than --loose em (default 0.2) of extra space between two
  hanzi, split into those whose line holds a space in the copy (a byline's credits, a title
  with a space) and the rest.
usage: seams.py FILE.pdf [--widow 4] [--loose 0.2] [--verbose]   (prints a summary line last)
"""
import collections, re, subprocess, sys


def glyphs(pdf):
    xml = subprocess.run(['mutool', 'draw', '-q', '-F', 'stext', '-o', '-', pdf],
                         capture_output=True, text=True).stdout
    page, size = 0, 0.0
    for ln in xml.splitlines():
        if ln.startswith('<page'):
            page += 1
        m = re.search(r'<font name="[^"]*" size="([\d.]+)"', ln)
        if m:
            size = float(m.group(1))
        m = re.search(r'<char quad="([^"]+)" x="([\d.-]+)" y="([\d.-]+)"[^>]* c="([^"]*)"', ln)
        if m:
            c = re.sub(r'&#x([0-9a-fA-F]+);', lambda k: chr(int(k.group(1), 16)), m.group(4))
            c = c.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            q = list(map(float, m.group(1).split()))
            yield dict(p=page, x=float(m.group(2)), x1=q[2], y=round(float(m.group(3)), 1), s=size, c=c)


def is_han(c):
    return '\u3400' <= c <= '\u9fff'


HALF_LEFT, HALF_RIGHT = set('“‘（《〈【〔「『'), set('。，、；：？！”’）》〉】〕」』')


def lines(gs, body):
    """Body glyphs on one baseline, split at a gutter (an ink gap over 0.9 em)."""
    gs = sorted((g for g in gs if abs(g['s'] - body) < 0.01 and g['c'].strip()),
                key=lambda g: (g['p'], g['y'], g['x']))
    cur = []
    for g in gs:
        p = cur[-1] if cur else None
        gap = p and (g['x'] + (0.5 * body if g['c'] in HALF_LEFT else 0)) - \
            (p['x1'] - (0.5 * body if p['c'] in HALF_RIGHT else 0))
        if cur and (g['p'] != p['p'] or g['y'] != p['y'] or gap > 0.9 * body):
            yield cur
            cur = []
        cur.append(g)
    if cur:
        yield cur


def main():
    pdf = sys.argv[1]
    opt = lambda k, d: float(sys.argv[sys.argv.index(k) + 1]) if k in sys.argv else d
    widow, loose, verbose = int(opt('--widow', 4)), opt('--loose', 0.2), '--verbose' in sys.argv
    gs = list(glyphs(pdf))
    body = collections.Counter(round(g['s'], 2) for g in gs if g['c'].strip()).most_common(1)[0][0]
    ls = [l for l in lines(gs, body) if ''.join(g['c'] for g in l).strip()]
    # column edges: the left x shared by many lines, and the right edge most common at that left x
    lefts = collections.Counter((l[0]['p'], round(l[0]['x'], 1)) for l in ls)
    right_at = collections.defaultdict(collections.Counter)
    for l in ls:
        right_at[(l[0]['p'], round(l[0]['x'], 1))][round(l[-1]['x1'], 0)] += 1
    def column(l):
        # a line opening with a bracket set half-width starts half an em left of the column
        p, x = l[0]['p'], l[0]['x'] + (0.5 * body if l[0]['c'] in HALF_LEFT else 0)
        cands = [k for k, n in lefts.items() if k[0] == p and n >= 3 and k[1] <= x + 0.5 and x - k[1] < 3 * body]
        return max(cands, key=lambda k: lefts[k]) if cands else (p, round(x, 1))
    by_col = collections.defaultdict(list)
    for l in ls:
        by_col[column(l)].append(l)
    tails, short = [], 0
    for key, col in by_col.items():
        col.sort(key=lambda l: l[0]['y'])
        right = right_at[key].most_common(1)[0][0] if right_at[key] else None
        for i, l in enumerate(col):
            above = i > 0 and 0 < l[0]['y'] - col[i - 1][0]['y'] <= 1.6 * (body * 1.45)
            if above or right is None:
                continue
            text = ''.join(g['c'] for g in l).strip()
            indented = l[0]['x'] - key[1] > 0.5 * body
            ends = text[-1:] in '。！？”’）…' and l[-1]['x1'] < right - 0.9 * body
            if not indented and ends and i + 1 < len(col) or (not indented and ends and len(col) > 1):
                n = sum(1 for c in text if is_han(c))
                tails.append(f'p{key[0]} x={key[1]:.0f} y={l[0]["y"]}: {text} ({n})')
                short += n <= widow
    # spaces as mutool reports them: one in the copy, or one it made up for a wide gap (then
    # nearly every gap of the line has one)
    spaces = collections.defaultdict(list)
    for g in gs:
        if not g['c'].strip():
            spaces[(g['p'], g['y'])].append(g['x'])
    over, over_space = [], []
    for l in ls:
        inside = [x for x in spaces[(l[0]['p'], l[0]['y'])] if l[0]['x'] < x < l[-1]['x']]
        copy_space = 0 < len(inside) < max(2, len(l) / 3)
        ink = [g for g in l if g['c'].strip()]
        gaps = [(b['x'] - a['x'] - body) / body for a, b in zip(ink, ink[1:]) if is_han(a['c']) and is_han(b['c'])]
        if gaps and max(gaps) > loose:
            text = ''.join(g['c'] for g in l)
            (over_space if copy_space else over).append(f'p{l[0]["p"]} y={l[0]["y"]}: {max(gaps):.2f} em {text.strip()}')
    if verbose:
        for t in tails: print('tail at column head:', t)
        for t in over: print('loose line:', t)
        for t in over_space: print('loose line with a space:', t)
    print(f'seams: tails heading a column {len(tails)} (of {widow} characters or fewer: {short}); '
          f'lines over {loose} em {len(over)} (+{len(over_space)} holding a space)')


main()
