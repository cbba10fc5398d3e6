#!/usr/bin/env bash
# Makes the sample's placed advertisement, samples/dongchang-1461/ads/dongchang-lake-cruise.pdf:
# Chromium prints the HTML (fonts from fonts/, embedded as CID TrueType with ToUnicode), then
# Ghostscript converts it to CMYK with its default profiles (the design uses no black: RGB black
# would become a four-colour black over the 240% ink limit) and marks it PDF/X-1a
# for the registered newsprint condition IFRA26 (ads/source/pdfx1a.ps).
set -euo pipefail
cd "$(dirname "$0")/../samples/dongchang-1461/ads"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --allow-file-access-from-files \
  --print-to-pdf="$tmp/rgb.pdf" "file://$PWD/source/dongchang-lake-cruise.html" 2>/dev/null
gs -q -dNOSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -dPDFX=true -dCompatibilityLevel=1.4 \
  -sColorConversionStrategy=CMYK -sProcessColorModel=DeviceCMYK \
  -dHaveTransparency=false -sOutputFile=dongchang-lake-cruise.pdf source/pdfx1a.ps "$tmp/rgb.pdf"
echo "wrote $PWD/dongchang-lake-cruise.pdf"
