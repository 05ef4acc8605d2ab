"""Small files of every kind a clerk attaches, made on the spot (never photos of anyone)."""

from __future__ import annotations

from pathlib import Path


def photo(path: Path, size=(3200, 2400), *, orientation: int = 1, color=(70, 130, 180), noisy: bool = False) -> Path:
    """A drawn 'photo' (JPEG, or PNG by the suffix) with an EXIF orientation."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, color)
    d = ImageDraw.Draw(im)
    w, h = size
    d.rectangle([w // 10, h // 10, w // 2, h // 2], fill=(240, 200, 60))  # top-left marker
    d.ellipse([w // 2, h // 2, w - w // 10, h - h // 10], fill=(200, 60, 60))
    if noisy:  # grain, so that it weighs what a photo does
        grain = Image.effect_noise((w // 4, h // 4), 40).resize(size).convert("RGB")
        im = Image.blend(im, grain, 0.25)
    ext = path.suffix.lower()
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    if ext == ".png":
        im.save(path, "PNG")
    else:
        im.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def heic(path: Path) -> Path:
    """A phone's HEIC photo (1200 × 900): the app only decodes HEIC (pi-heif has no encoder),
    so this is a copy of the drawn sample the self-test reads (resources/selftest/photo.heic)."""
    import shutil

    from yaofu_desktop.resources import resource_path

    return Path(shutil.copyfile(resource_path("selftest", "photo.heic"), path))


def scan(path: Path, pages: int = 2, title: str = "行政处罚决定书") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        c.setFont("Helvetica", 24)
        c.drawString(72, 760, f"SCAN page {i + 1}")
        c.rect(72, 200, 450, 500)
        c.showPage()
    c.save()
    return path


def docx(path: Path, text: str = "会议记录") -> Path:
    import docx as _docx

    d = _docx.Document()
    d.add_paragraph(text)
    d.save(path)
    return path


def xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "签到表"
    wb.save(path)
    return path


def every_kind(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "jpg": photo(folder / "IMG_2034.jpg", orientation=6, noisy=True),
        "png": photo(folder / "签到表.png", size=(800, 600)),
        "heic": heic(folder / "IMG_5001.HEIC"),
        "pdf": scan(folder / "处罚决定书.pdf"),
        "docx": docx(folder / "会议记录.docx"),
        "xlsx": xlsx(folder / "签到表.xlsx"),
    }
