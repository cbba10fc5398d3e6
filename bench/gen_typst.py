#!/usr/bin/env python3
"""Write a Typst document equivalent to a paiban edition: the same article text and fonts, the
same trim, margins, six 12-character columns of 9 pt body on a 13 pt pitch, the same blocks at
the same grid positions, headlines in the same faces and sizes, pictures, one page per page plan.

Usage: gen_typst.py EDITION.yaml OUT.typ
Articles continued on a later page ("continues:") are split between their blocks in proportion
to the blocks' areas (Typst has no threads between frames); every character is set once.
"""
import os
import re
import sys

BODY, PITCH, CHARS, GUTTER = 9.0, 13.0, 12, 1
COL = CHARS * BODY  # 108 pt
COL_PITCH = (CHARS + GUTTER) * BODY  # 117 pt
SIZES = {"二号": 22, "小初": 36, "四号": 14, "小四": 12, "一号": 26, "小五": 9}


def yaml_min(text):
    """The few YAML shapes the sample's plans use (flow lists/maps one level deep)."""
    try:
        import yaml  # type: ignore
    except ImportError:
        raise SystemExit("PyYAML needed (pip install pyyaml)")
    return yaml.safe_load(text)


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    meta, body = {}, text
    if text.startswith("---"):
        _, fm, body = text.split("---", 2)
        meta = yaml_min(fm) or {}
    return meta, body


def esc(s):
    return re.sub(r'([\\#*_\[\]$@<>`~=+/\-"\'])', r"\\\1", s)


def inline(s):
    out = []
    for i, part in enumerate(s.split("**")):
        if i % 2:
            out.append('#text(font: "Noto Sans SC", weight: 700)[%s]' % esc(part))
        else:
            out.append(esc(part))
    return "".join(out)


def paragraphs(body):
    paras = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [l.rstrip() for l in block.splitlines() if l.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            paras.append('#align(center, text(font: "Noto Sans SC", weight: 700)[%s])' % esc(lines[0][3:]))
        elif lines[0].startswith(">"):
            t = "".join(l.lstrip("> ") for l in lines)
            paras.append('#text(font: "LXGW WenKai")[%s]' % inline(t))
        else:
            paras.append(" \\\n".join(inline(l) for l in lines) if len(lines) > 1 else inline(lines[0]))
    return paras


def headline(meta, title_style):
    out = []
    if meta.get("kicker"):
        out.append('#text(font: "LXGW WenKai", size: 14pt)[%s]' % esc(str(meta["kicker"])))
    if meta.get("title"):
        size = 36 if title_style == "title_lead" else 22
        out.append('#text(font: "Noto Sans SC", weight: 900, size: %dpt)[%s]' % (size, esc(str(meta["title"]))))
    if meta.get("subtitle"):
        out.append('#text(font: "Noto Serif SC", weight: 700, size: 12pt)[%s]' % esc(str(meta["subtitle"])))
    if not out:
        return ""
    return "#block(width: 100%%, below: 6pt)[#set par(first-line-indent: 0pt, justify: false)\n#align(center)[%s]]\n" % " \\\n".join(out)


def box(at, size, content, cols=None, head=""):
    (c, l), (w, h) = at, size
    x, y = (c - 1) * COL_PITCH, (l - 1) * PITCH
    width, height = w * COL_PITCH - GUTTER * BODY, h * PITCH
    n = cols or w
    return ("#place(top + left, dx: %.2fpt, dy: %.2fpt, block(width: %.2fpt, height: %.2fpt, clip: true,"
            " [%s#columns(%d, gutter: %.2fpt)[\n%s\n]]))\n" % (x, y, width, height, head, n, BODY, content))


def main():
    edition_path, out_path = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.abspath(edition_path))
    edition = yaml_min(open(edition_path, encoding="utf-8").read())
    plans = [yaml_min(open(os.path.join(root, p), encoding="utf-8").read()) for p in edition["pages"]]
    # Where each article is set, in order: (page, block) with area, to split continued text.
    threads = {}
    for pi, plan in enumerate(plans):
        for bi, b in enumerate(plan["blocks"]):
            key = b.get("article") or b.get("continues")
            if key:
                threads.setdefault(key, []).append((pi, bi, b["size"][0] * b["size"][1]))
    shares = {}
    for key, blocks in threads.items():
        meta, body = front_matter(os.path.join(root, key))
        paras = paragraphs(body)
        total = sum(a for _, _, a in blocks)
        sizes = [len(p) for p in paras]
        whole = sum(sizes) or 1
        start, acc = 0, 0
        for n, (pi, bi, a) in enumerate(blocks):
            acc += a
            if n == len(blocks) - 1:
                end = len(paras)
            else:
                end, run = start, sum(sizes[:start])
                while end < len(paras) and run + sizes[end] / 2 <= whole * acc / total:
                    run += sizes[end]
                    end += 1
            shares[(pi, bi)] = (meta, paras[start:end], n)
            start = end
    out = []
    out.append('#set page(width: 265mm, height: 380mm, margin: (top: 24mm, bottom: 14mm, left: 10mm, right: 10mm))\n')
    out.append('#set text(font: "Noto Serif SC", size: 9pt, lang: "zh", region: "cn", top-edge: 1em, bottom-edge: 0pt)\n')
    out.append('#set par(justify: true, leading: 4pt, spacing: 4pt, first-line-indent: (amount: 2em, all: true))\n')
    for pi, plan in enumerate(plans):
        if pi:
            out.append("#pagebreak()\n")
        # running head
        out.append('#place(top + left, dy: -30pt, text(size: 7.5pt)[%s #h(1fr) 第%d版 #h(1fr) %s #h(1fr) 责任编辑：%s])\n'
                   % (esc(edition["paper"]), pi + 1, esc(plan.get("section", "")), esc(plan.get("editor", ""))))
        for bi, b in enumerate(plan["blocks"]):
            if b.get("masthead"):
                out.append(box(b["at"], b["size"], '#text(font: "Noto Serif SC", weight: 700, size: 60pt, fill: cmyk(0%%, 100%%, 100%%, 0%%))[%s] \\\n#text(font: "Noto Sans SC", weight: 700, size: 10pt)[%s] \\\n%s'
                               % (esc(edition["paper"]), esc(edition.get("paper_latin", "")), " \\\n".join(esc(x) for x in edition.get("masthead", {}).get("lines", []))), 1))
            elif b.get("banner"):
                bn = b["banner"]
                sub = ' \\\n#text(font: "Noto Serif SC", weight: 700, size: 12pt)[%s]' % esc(bn["sub"]) if bn.get("sub") else ""
                out.append(box(b["at"], b["size"], '#align(center)[#text(font: "Noto Sans SC", weight: 900, size: 26pt, fill: cmyk(0%%, 100%%, 100%%, 0%%))[%s]%s]' % (esc(bn["text"]), sub), 1))
            elif b.get("picture"):
                pic = os.path.relpath(os.path.join(root, b["picture"]), os.path.dirname(os.path.abspath(out_path)))
                cap = esc(b.get("caption", ""))
                out.append(box(b["at"], b["size"], '#image("%s", width: 100%%, height: 85%%, fit: "cover")\n#text(font: "LXGW WenKai", size: 7.5pt)[%s]' % (pic, cap), 1))
            elif (pi, bi) in shares:
                meta, paras, n = shares[(pi, bi)]
                head = headline(meta, b.get("title_style")) if n == 0 else ('#text(font: "Noto Sans SC", weight: 700, size: 14pt)[%s]\n\n' % esc(str(meta.get("jump_title", meta.get("title", "")))))
                content = "\n\n".join(paras)
                if n == 0 and meta.get("byline"):
                    content += "\n\n" + '#text(font: "LXGW WenKai")[%s]' % esc(str(meta["byline"]))
                if b.get("boxed"):
                    content = "#rect(width: 100%%, stroke: 0.75pt)[%s]" % content
                out.append(box(b["at"], b["size"], content, b.get("text_columns"), head))
    open(out_path, "w", encoding="utf-8").write("".join(out))


if __name__ == "__main__":
    main()
