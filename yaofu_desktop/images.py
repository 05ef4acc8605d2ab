"""Photos, scans and documents as the clerk adds them: what kind a file is, how a large phone
photo is made printable, thumbnails, and PDF pages as pictures. No Qt: the window and the
binder both call this.

- Kinds: 照片 (JPEG, PNG, HEIC/HEIF from iPhones), 扫描件 (PDF), 文档 (DOCX, XLSX, DOC, XLS).
- A photo is stored with the EXIF orientation applied (a phone's portrait photo stands upright
  everywhere) and, unless the clerk keeps the original, reduced to at most PRINT_LONG_SIDE pixels
  on its long side (a full A4 page at 300 dpi is 3508 px; a half-page photo in the binder needs
  under 2000): a 12-megapixel photo of 4-6 MB becomes about 1 MB. HEIC is always converted to
  JPEG (few Windows PCs open HEIC; reportlab cannot), at full size when the original is kept;
  HEIC is only ever read (pi-heif: libheif with its decoder, none of the 23 MB HEVC encoder).
- Thumbnails are made on first use and cached by content hash in the user's cache folder
  (never beside the database: a read-only database on a CD still shows them), so opening the
  window costs nothing and a form opens from the cache after the first time.
- PDF pages are drawn with pypdfium2 (PySide6-Essentials has no QtPdf).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

PHOTO, SCAN, DOCUMENT = "photo", "scan", "document"
KIND_LABELS = {PHOTO: "照片", SCAN: "扫描件", DOCUMENT: "文档"}
EXT_KINDS = {
    "jpg": PHOTO, "jpeg": PHOTO, "png": PHOTO, "heic": PHOTO, "heif": PHOTO,
    "pdf": SCAN,
    "docx": DOCUMENT, "xlsx": DOCUMENT, "doc": DOCUMENT, "xls": DOCUMENT,
}
ACCEPTED = tuple(sorted(EXT_KINDS))
PRINT_LONG_SIDE = 2400
JPEG_QUALITY = 88
MAX_FILE_BYTES = 200 * 1024 * 1024  # nothing a clerk attaches is bigger; a video is refused
THUMB_SIZE = 160
MAGIC = {
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
}


class FileRefused(ValueError):
    """The file cannot be attached; the message (Chinese) says why."""


def kind_of(name: str) -> str | None:
    return EXT_KINDS.get(ext_of(name))


def ext_of(name: str) -> str:
    ext = Path(name).suffix.lower().lstrip(".")
    return "jpg" if ext == "jpeg" else ext


def _register_heif() -> None:
    try:
        from pi_heif import register_heif_opener  # libheif's decoder only (no HEVC encoder)
    except ImportError:  # pragma: no cover - declared dependency; a broken install
        raise FileRefused("本机缺少 HEIC 照片支持（pi-heif），请在手机上把照片存为 JPEG 后再添加") from None
    register_heif_opener()


@dataclass
class Prepared:
    """What is stored for a file the clerk chose: its bytes (or the file itself), extension,
    kind and, for photos, size in pixels; `reduced` when a photo was made smaller."""

    ext: str
    kind: str
    data: bytes | None  # None: store the source file as it is
    width: int = 0
    height: int = 0
    pages: int = 0
    reduced: bool = False


def prepare(path: str | os.PathLike, *, keep_original: bool = False) -> Prepared:
    """Check a file and make what is stored of it. Raises FileRefused naming the rule."""
    path = Path(path)
    ext = ext_of(path.name)
    kind = EXT_KINDS.get(ext)
    if kind is None:
        raise FileRefused(
            f"“{path.name}”不能作为佐证材料：只能添加照片（JPG、PNG、HEIC）、扫描件（PDF）"
            "或文档（DOCX、XLSX）"
        )
    try:
        size = path.stat().st_size
    except OSError as e:
        raise FileRefused(f"无法读取“{path.name}”（{e.strerror or e}）") from None
    if size == 0:
        raise FileRefused(f"“{path.name}”是空文件，不能添加")
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"“{path.name}”超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，不能添加")
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise FileRefused(f"无法读取“{path.name}”（{e.strerror or e}）") from None
    if ext in MAGIC and not any(head.startswith(m) for m in MAGIC[ext]):
        raise FileRefused(f"“{path.name}”的内容不是 {ext.upper()} 文件（可能扩展名被改过或文件已损坏）")
    if kind == PHOTO:
        return _prepare_photo(path, ext, keep_original)
    if kind == SCAN:
        return Prepared(ext, kind, None, pages=pdf_page_count(path, name=path.name))
    return Prepared(ext, kind, None)


def prepare_image_bytes(data: bytes, ext: str = "png") -> Prepared:
    """A pasted image (bytes from the clipboard), reduced like a photo file."""
    from PIL import Image

    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except Exception:  # noqa: BLE001 - whatever Pillow raises, it is no picture
        raise FileRefused("粘贴的内容不是可用的图片") from None
    return _reduce(im, ext, data, keep_original=False, name="粘贴的图片")


def _prepare_photo(path: Path, ext: str, keep_original: bool) -> Prepared:
    from PIL import Image

    if ext in ("heic", "heif"):
        _register_heif()
    try:
        im = Image.open(path)
        im.load()
    except Exception:  # noqa: BLE001 - whatever Pillow raises, it is no picture
        raise FileRefused(f"“{path.name}”无法作为图片打开（文件可能已损坏）") from None
    raw = None
    if ext in ("jpg", "png"):
        raw = path.read_bytes()
    return _reduce(im, ext, raw, keep_original=keep_original, name=path.name)


def _reduce(im, ext: str, raw: bytes | None, *, keep_original: bool, name: str) -> Prepared:
    from PIL import Image, ImageOps

    orientation = 1
    try:
        orientation = im.getexif().get(0x0112, 1) or 1
    except Exception:  # noqa: BLE001 - no EXIF orientation: upright as it is
        pass
    w, h = im.size
    too_big = max(w, h) > PRINT_LONG_SIDE
    if raw is not None and orientation == 1 and (keep_original or not too_big):
        return Prepared(ext, PHOTO, raw, w, h)  # stored exactly as chosen
    im = ImageOps.exif_transpose(im)
    reduced = too_big and not keep_original
    if reduced:
        im.thumbnail((PRINT_LONG_SIDE, PRINT_LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    has_alpha = im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
    if ext == "png" and (has_alpha or not reduced):
        im.save(out, "PNG", optimize=False)
        out_ext = "png"
    else:
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        out_ext = "jpg"
    return Prepared(out_ext, PHOTO, out.getvalue(), im.size[0], im.size[1], reduced=reduced)


# -- PDF pages ------------------------------------------------------------------------------


def pdf_page_count(path: str | os.PathLike, *, name: str = "") -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - whatever pdfium raises, it is no readable PDF
        raise FileRefused(f"“{name or Path(path).name}”无法作为 PDF 打开（文件可能已损坏或有密码）") from None
    try:
        return len(doc)
    finally:
        doc.close()


def render_pdf_page(path: str | os.PathLike, index: int = 0, *, long_side: int = 1600):
    """Page `index` of a PDF as a PIL image about `long_side` pixels on its long side."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[index]
        w, h = page.get_size()
        scale = long_side / max(w, h, 1)
        bitmap = page.render(scale=scale)
        img = bitmap.to_pil()
        page.close()
        return img
    finally:
        doc.close()


def open_photo(path: str | os.PathLike, *, draft_long_side: int | None = None):
    """A stored photo as a PIL image, upright; with `draft_long_side`, JPEG decoding may skip
    detail not needed at that size (much faster for a thumbnail or the binder)."""
    from PIL import Image, ImageOps

    p = Path(path)
    if ext_of(p.name) in ("heic", "heif"):
        _register_heif()
    im: Image.Image = Image.open(p)
    if draft_long_side and im.format == "JPEG":
        # the decoder may skip to 1/2, 1/4, 1/8 of the size while both sides stay at least the
        # box asked for: the box is the photo at the size wanted, not a square
        w, h = im.size
        scale = draft_long_side / max(w, h, 1)
        if scale < 1:
            im.draft("RGB", (max(1, round(w * scale)), max(1, round(h * scale))))
    im = ImageOps.exif_transpose(im)
    return im


# -- thumbnails -----------------------------------------------------------------------------


def thumb_cache_dir() -> Path:
    override = os.environ.get("YAOFU_CACHE_DIR")
    if override:
        base = Path(override)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("FazhiTaizhang", appauthor=False))
    return base / "缩略图"


def thumbnail(blob_path: str | os.PathLike, sha256: str, kind: str, *, size: int = THUMB_SIZE) -> Path | None:
    """A PNG thumbnail of a stored photo or the first page of a scan, made on first use and
    cached by content hash; None for documents or a file that cannot be drawn."""
    if kind not in (PHOTO, SCAN):
        return None
    cache = thumb_cache_dir()
    out = cache / f"{sha256}_{size}.png"
    if out.exists():
        return out
    try:
        if kind == PHOTO:
            im = open_photo(blob_path, draft_long_side=size * 2)
        else:
            im = render_pdf_page(blob_path, 0, long_side=size * 2)
        im.thumbnail((size, size))
        if im.mode not in ("RGB", "RGBA", "L"):
            im = im.convert("RGB")
        cache.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        im.save(tmp, "PNG")
        os.replace(tmp, out)
        return out
    except Exception:  # noqa: BLE001 - no thumbnail: the caller shows a placeholder
        return None


def print_jpeg(blob_path: str | os.PathLike, out: str | os.PathLike, *, long_side: int,
               quality: int) -> tuple[int, int]:
    """A photo made ready for print in the binder: upright, at most `long_side` pixels, JPEG.
    Returns its size in pixels."""
    from PIL import Image

    im = open_photo(blob_path, draft_long_side=long_side)
    if max(im.size) > long_side:  # reduced by whole steps first, then filtered: a fifth the time
        im.thumbnail((long_side, long_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    if im.mode != "RGB":
        bg = Image.new("RGB", im.size, "white")
        if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
            im = im.convert("RGBA")
            bg.paste(im, mask=im.split()[-1])
            im = bg
        else:
            im = im.convert("RGB")
    im.save(out, "JPEG", quality=quality, optimize=False)
    return im.size
