"""Draws the qinghe-732 sample's three pictures (电脑绘制示意图): simple scenes in flat colour,
large enough for 200 ppi in the largest frame each is placed in, and small on disk (flat
colour compresses well). CMYK JPEGs, total ink under 240%, so the X-1a build neither converts
nor warns. Run: python3 draw.py (Pillow)."""

import random

from PIL import Image, ImageDraw, ImageFilter

random.seed(732)


def gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        c = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        draw.line([(x0, y), (x1, y)], fill=c)


def cmyk(img):
    """RGB → CMYK with grey component replacement, ink capped at 230%."""
    out = Image.new("CMYK", img.size)
    r, g, b = img.split()
    px = img.load()
    lut = {}
    data = []
    for y in range(img.size[1]):
        for x in range(img.size[0]):
            rgb = px[x, y]
            v = lut.get(rgb)
            if v is None:
                c, m, yy = (255 - rgb[0], 255 - rgb[1], 255 - rgb[2])
                k = int(min(c, m, yy) * 0.8)
                c, m, yy = c - k, m - k, yy - k
                total = c + m + yy + k
                cap = 230 * 255 // 100
                if total > cap:
                    s = (cap - k) / max(1, c + m + yy)
                    c, m, yy = int(c * s), int(m * s), int(yy * s)
                v = (c, m, yy, k)
                lut[rgb] = v
            data.append(v)
    out.putdata(data)
    return out


def river(w, h):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.45)
    gradient(d, (0, 0, w, horizon), (150, 190, 225), (225, 235, 240))
    gradient(d, (0, horizon, w, h), (90, 130, 150), (40, 80, 100))
    # Far bank, trees.
    d.polygon([(0, horizon), (w, horizon - h // 30), (w, horizon + h // 25), (0, horizon + h // 20)], fill=(95, 120, 80))
    for _ in range(60):
        x = random.randrange(w)
        r = random.randrange(h // 40, h // 18)
        d.ellipse([x - r, horizon - r * 2, x + r, horizon + r // 2], fill=(70 + random.randrange(30), 105 + random.randrange(30), 60))
    # The bridge: deck and arches.
    deck = int(h * 0.38)
    d.rectangle([0, deck, w, deck + h // 40], fill=(200, 195, 185))
    for i in range(5):
        cx = w * (i + 0.5) / 5
        d.arc([cx - w / 12, deck, cx + w / 12, deck + h / 4], 180, 360, fill=(170, 165, 155), width=h // 120)
        d.rectangle([cx - w / 160, deck, cx + w / 160, horizon + h // 12], fill=(175, 170, 160))
    # Ripples.
    for _ in range(400):
        x, y = random.randrange(w), random.randrange(horizon + h // 10, h)
        d.line([(x, y), (x + random.randrange(w // 60, w // 20), y)], fill=(130, 165, 180), width=max(1, h // 400))
    return img.filter(ImageFilter.GaussianBlur(h / 700))


def wetland(w, h):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    gradient(d, (0, 0, w, h // 3), (235, 200, 160), (245, 230, 200))
    gradient(d, (0, h // 3, w, h), (110, 140, 120), (60, 95, 75))
    for _ in range(90):
        x, y = random.randrange(w), random.randrange(h // 3, h)
        r = random.randrange(h // 40, h // 12) * (0.4 + y / h)
        d.ellipse([x - r, y - r / 2.5, x + r, y + r / 2.5], fill=(60 + random.randrange(40), 120 + random.randrange(40), 70))
    for _ in range(25):
        x, y = random.randrange(w), random.randrange(h // 2, h)
        r = h / 60 * (0.5 + y / h)
        d.ellipse([x - r, y - r * 2, x + r, y], fill=(235, 150, 175))
        d.line([(x, y), (x, y + r * 2)], fill=(70, 100, 60), width=max(1, h // 500))
    return img.filter(ImageFilter.GaussianBlur(h / 800))


def fan(w, h):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    gradient(d, (0, 0, w, h), (240, 232, 215), (215, 200, 175))
    cx, cy, r = w / 2, h * 0.45, min(w, h) * 0.36
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(205, 170, 105))
    for i in range(48):
        import math
        a = i / 48 * 2 * math.pi
        d.line([(cx, cy), (cx + r * math.cos(a), cy + r * math.sin(a))], fill=(175, 140, 80), width=max(1, h // 300))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(140, 100, 50), width=h // 80)
    d.rectangle([cx - w / 60, cy + r, cx + w / 60, h * 0.95], fill=(150, 110, 60))
    return img.filter(ImageFilter.GaussianBlur(h / 900))


for name, draw, size in [
    ("river.jpg", river, (2520, 1680)),
    ("wetland.jpg", wetland, (2560, 1920)),
    ("fan.jpg", fan, (1500, 1500)),
]:
    cmyk(draw(*size)).save(name, quality=82, dpi=(300, 300))
