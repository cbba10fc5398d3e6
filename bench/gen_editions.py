#!/usr/bin/env python3
"""Generate the editions for the linearity check from the sample edition.

gen_editions.py SAMPLE_DIR OUT_DIR
  OUT_DIR/pages24/edition.yaml   the sample's four pages repeated six times, each repetition
                                 with its own copies of the articles (articles-1/ … articles-6/)
  OUT_DIR/long-1/edition.yaml    one article of UNIT characters threaded over 1 page
  OUT_DIR/long-10/edition.yaml   the same article ten times longer, threaded over 10 pages
"""
import os
import re
import shutil
import sys

import yaml

sample, out = sys.argv[1], sys.argv[2]
sample = os.path.abspath(sample)
edition = yaml.safe_load(open(os.path.join(sample, "edition.yaml"), encoding="utf-8"))
# A shipped layout is named (sikai-6col), a layout file is a path: keep the name, move the path.
shipped = not edition["layout"].endswith((".yaml", ".yml"))
layout = edition["layout"] if shipped else os.path.normpath(os.path.join(sample, edition["layout"]))


def write_edition(d, pages, plans):
    os.makedirs(d, exist_ok=True)
    ed = dict(edition)
    ed["layout"] = layout if shipped else os.path.relpath(layout, d)
    ed["pages"] = pages
    for name, plan in plans.items():
        yaml.safe_dump(plan, open(os.path.join(d, name), "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
    yaml.safe_dump(ed, open(os.path.join(d, "edition.yaml"), "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)


# 24 pages: the sample's pages six times over.
d = os.path.join(out, "pages24")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
shutil.copytree(os.path.join(sample, "pictures"), os.path.join(d, "pictures"))
for extra in ("ads", "art"):  # placed PDFs and SVG art, when the sample has them
    if os.path.isdir(os.path.join(sample, extra)):
        shutil.copytree(os.path.join(sample, extra), os.path.join(d, extra))
plans, names = {}, []
for k in range(1, 7):
    shutil.copytree(os.path.join(sample, "articles"), os.path.join(d, f"articles-{k}"))
    for i, p in enumerate(edition["pages"]):
        plan = yaml.safe_load(open(os.path.join(sample, p), encoding="utf-8"))
        for b in plan["blocks"]:
            for key in ("article", "continues"):
                if key in b:
                    b[key] = b[key].replace("articles/", f"articles-{k}/")
            if k > 1 and b.get("masthead"):
                # Only the front page carries the masthead: a banner of the same size instead.
                del b["masthead"]
                b["banner"] = {"text": edition["paper"]}
        name = f"page-{k}-{i + 1}.yaml"
        plans[name] = plan
        names.append(name)
write_edition(d, names, plans)

# One long article: UNIT characters per page, 1 and 10 pages.
paras = []
for f in sorted(os.listdir(os.path.join(sample, "articles"))):
    text = open(os.path.join(sample, "articles", f), encoding="utf-8").read()
    body = text.split("---", 2)[2] if text.startswith("---") else text
    for p in re.split(r"\n\s*\n", body):
        p = p.strip()
        if p and not p.startswith(("#", ">")) and "\n" not in p:
            paras.append(p)
unit, n = [], 0
for p in paras:
    if n + len(p) > 4200:
        break
    unit.append(p)
    n += len(p)
for times in (1, 10):
    d = os.path.join(out, f"long-{times}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "articles"))
    body = "\n\n".join(unit * times)
    open(os.path.join(d, "articles", "long.md"), "w", encoding="utf-8").write(
        "---\ntitle: 长文测试\nbyline: 本报记者\n---\n" + body + "\n")
    plans, names = {}, []
    for i in range(times):
        key = "article" if i == 0 else "continues"
        plans[f"page-{i + 1}.yaml"] = {"section": "专题", "blocks": [{key: "articles/long.md", "at": [1, 1], "size": [6, 74]}]}
        names.append(f"page-{i + 1}.yaml")
    write_edition(d, names, plans)
    print(f"long-{times}: {sum(len(p) for p in unit) * times} characters of body text")
