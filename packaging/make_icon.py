"""Draw the app icon (resources/icons/app.png and app.ico) with Pillow and the bundled title font.

    python packaging/make_icon.py

A red seal-like square with 法 in white: what a township clerk recognises as an official tool.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "resources" / "fonts" / "YaofuTitle.ttf"
OUT = ROOT / "resources" / "icons"
RED = (192, 24, 24, 255)


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = size // 16
    d.rounded_rectangle((pad, pad, size - pad, size - pad), radius=size // 8, fill=RED)
    inner = size // 9
    d.rounded_rectangle((inner, inner, size - inner, size - inner), radius=size // 12,
                        outline=(255, 255, 255, 255), width=max(2, size // 48))
    font = ImageFont.truetype(str(FONT), int(size * 0.58))
    box = d.textbbox((0, 0), "法", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((size - w) / 2 - box[0], (size - h) / 2 - box[1]), "法", font=font, fill=(255, 255, 255, 255))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw(256)
    img.save(OUT / "app.png")
    img.save(OUT / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'app.png'} and {OUT / 'app.ico'}")


if __name__ == "__main__":
    main()
