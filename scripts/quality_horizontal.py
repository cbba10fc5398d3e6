#!/usr/bin/env python3
"""usage: scripts/quality_horizontal.py FILE.pdf [--json] [--verbose]

quality.py reads every line MuPDF finds as a horizontal line, so the glyphs of vertical columns
(竖排) count as one-character lines. This runs it with the vertical lines (wmode 1) dropped.
"""
# quality.py on the horizontal lines only: mutool's vertical lines (wmode 1) are dropped first
import re, subprocess, sys, runpy
real = subprocess.run
def run(cmd, *a, **k):
    r = real(cmd, *a, **k)
    if 'stext' in cmd:
        r.stdout = re.sub(r'<line [^>]*wmode="1".*?</line>\n?', '', r.stdout, flags=re.S)
    return r
subprocess.run = run
sys.argv = ['quality.py'] + sys.argv[1:]
import os
runpy.run_path(os.environ.get('QUALITY_PY', '/work/shared/tools/quality.py'), run_name='__main__')
