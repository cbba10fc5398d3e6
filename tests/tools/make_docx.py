#!/usr/bin/env python3
"""Write Word documents with python-docx for the `paiban import` tests.

python-docx is a writer independent of paiban's reader (src/import/docx.rs), so what the
tests read back was not shaped by the code under test.

    make_docx.py articles ARTICLES_DIR OUT_DIR   # each paiban article as a reporter's .docx
    make_docx.py elements OUT.docx PICTURE.jpg   # one story using every element the importer reads

`articles` writes each article the way a story arrives from a reporter: the headline group
as centred lines at the top (the 主题 bold and large, 引题 and 副题 smaller), the 讯头 typed at
the start of the first paragraph, the byline in parentheses as the last paragraph; subheads
in Word's Heading 2 style, block quotes in the Quote style, bold and italic as run formatting,
line breaks as Word line breaks. The small Markdown reader below is enough for the sample's
articles (front matter of `key: value` lines, paragraphs, `## `, `> `, `**`, `*`, hard breaks).
"""

import os
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# ---------------------------------------------------------------- reading the sample articles


def read_article(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    front, body = {}, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 3)
        for line in text[4:end].splitlines():
            key, _, value = line.partition(":")
            front[key.strip()] = value.strip()
        body = text[end + 5 :]
    verse = "verse: true" in front.get("options", "")
    return front, blocks(body, verse)


def blocks(body, verse):
    """[(kind, [lines])] with kind 'para', 'subhead' or 'quote' (quote: list of paragraphs)."""
    out = []
    for chunk in body.strip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if not chunk.strip():
            continue
        if lines[0].startswith("## "):
            out.append(("subhead", [lines[0][3:]]))
        elif all(l.startswith(">") for l in lines):
            inner = [l[1:].removeprefix(" ") for l in lines]
            paras, current = [], []
            for l in inner:
                if l.strip() == "":
                    paras.append(current)
                    current = []
                else:
                    current.append(l)
            paras.append(current)
            if out and out[-1][0] == "quote":
                out[-1][1].extend(paras)
            else:
                out.append(("quote", paras))
        else:
            out.append(("verse" if verse else "para", lines))
    return out


def runs_of(lines, keep_breaks):
    """Markdown lines to [(text, bold, italic)]; '\\n' in text is a line break."""
    source = ""
    for i, line in enumerate(lines):
        hard = line.endswith("  ") or line.endswith("\\")
        line = line.rstrip()
        if line.endswith("\\"):
            line = line[:-1]
        source += line
        if i + 1 < len(lines):
            source += "\n" if (hard or keep_breaks) else ""
    runs, text, bold, italic, i = [], "", False, False, 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            text += source[i + 1]
            i += 2
            continue
        if c == "*":
            runs.append((text, bold, italic))
            text = ""
            if source[i : i + 2] == "**":
                bold = not bold
                i += 2
            else:
                italic = not italic
                i += 1
            continue
        text += c
        i += 1
    runs.append((text, bold, italic))
    return [r for r in runs if r[0]]


# ---------------------------------------------------------------- writing


def add_runs(paragraph, runs):
    for text, bold, italic in runs:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            run = paragraph.add_run(part)
            run.bold = bold or None
            run.italic = italic or None
            if k + 1 < len(parts):
                run.add_break()


def centred(doc, text, size, bold=False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    return p


def new_document():
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    return doc


def article_docx(src, out, number):
    front, body = read_article(src)
    doc = new_document()
    if "kicker" in front:
        centred(doc, front["kicker"], 14)
    if "title" in front:
        centred(doc, front["title"], 22, bold=True)
    if "subtitle" in front:
        centred(doc, front["subtitle"], 14)
    doc.add_paragraph()  # reporters leave a blank line under the headline
    dateline = front.get("dateline")
    # Alternate the separators reporters type after the 讯头 and the brackets of the byline.
    gap = " " if number % 2 else "　"
    first = True
    for kind, content in body:
        if kind == "subhead":
            doc.add_heading(level=2).add_run(content[0])
        elif kind == "quote":
            for lines in content:
                add_runs(doc.add_paragraph(style="Quote"), runs_of(lines, False))
        else:
            p = doc.add_paragraph()
            runs = runs_of(content, kind == "verse")
            if first and dateline:
                p.add_run(dateline + gap)
            add_runs(p, runs)
        first = False
    if "byline" in front:
        left, right = ("（", "）") if number % 3 else ("(", ")")
        doc.add_paragraph(left + front["byline"] + right)
    doc.save(out)


# ---------------------------------------------------------------- every element at once


def footnote_part(doc, text):
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>' + text + "</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    ).encode("utf-8")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml,
        doc.part.package,
    )
    doc.part.relate_to(part, RT.FOOTNOTES)


def tracked(paragraph, tag, text):
    """A tracked insertion (w:ins) or deletion (w:del) holding one run."""
    change = OxmlElement("w:" + tag)
    change.set(qn("w:id"), str(len(paragraph._p)))
    change.set(qn("w:author"), "编辑")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "del" else "w:t")
    t.text = text
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def elements_docx(out, picture):
    doc = new_document()
    centred(doc, "市司法局推广我区经验做法", 14)
    centred(doc, "“有事来聊”让小调解成就“大平安”", 22, bold=True)
    centred(doc, "——全区人民调解工作纪实", 14)
    p = doc.add_paragraph()
    p.add_run("本报讯（记者 张三 通讯员 李四）8月12日，我区召开人民调解工作推进会")
    tracked(p, "del", "，会议由区长主持")
    tracked(p, "ins", "。")
    ref = OxmlElement("w:r")
    fn = OxmlElement("w:footnoteReference")
    fn.set(qn("w:id"), "1")
    ref.append(fn)
    p._p.append(ref)
    footnote_part(doc, "数据来自区司法局")
    p = doc.add_paragraph()
    p.add_run("阵地建设基础强。").bold = True
    p.add_run("打破固有概念，")
    p.add_run("要干就干好").italic = True
    p.add_run("，打造共享式党建活动阵地。")
    doc.add_heading("从炕头手艺到“金葫芦”", level=2)
    doc.add_paragraph("建国吾儿：", style="Quote")
    q = doc.add_paragraph(style="Quote")
    q.add_run("父字")
    q.runs[-1].add_break()
    q.add_run("八月十六日夜")
    doc.add_picture(picture)
    doc.add_paragraph("8月14日，调解员在社区调解矛盾纠纷。（融媒体 王五 摄）", style="Caption")
    p = doc.add_paragraph()
    p.add_run("东昌府区委宣传部")
    p.runs[-1].add_break()
    p.add_run("2022年8月16日")
    doc.add_paragraph("文件名*不是*强调，1. 不是列表，<b>不是标签</b>。")
    doc.save(out)


def main():
    if sys.argv[1] == "articles":
        src, out = sys.argv[2], sys.argv[3]
        os.makedirs(out, exist_ok=True)
        names = sorted(n for n in os.listdir(src) if n.endswith(".md"))
        for number, name in enumerate(names):
            article_docx(os.path.join(src, name), os.path.join(out, name[:-3] + ".docx"), number)
    elif sys.argv[1] == "elements":
        elements_docx(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: make_docx.py articles SRC OUT | elements OUT.docx PICTURE")


if __name__ == "__main__":
    main()
