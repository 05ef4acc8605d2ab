"""Fonts for the PDF report: find the official fonts or use the bundled ones, register them with
reportlab, and tell the typesetter which characters each font can draw.

Roles (GB/T 9704-2012):

=========  ===========================  ===============================================
role       official font (Windows)      bundled fallback (resources/fonts/)
=========  ===========================  ===============================================
``fang``   仿宋_GB2312, 仿宋 (simfang)   Yaofu Fang  (FandolFang, GPL-3 + font exception)
``kai``    楷体_GB2312, 楷体 (simkai)    Yaofu Kai   (FandolKai, GPL-3 + font exception)
``hei``    黑体 (simhei)                 Yaofu Hei   (Noto Sans CJK SC Regular, OFL)
``title``  方正小标宋简体                 Yaofu Title (Noto Serif CJK SC Bold, OFL)
``song``   宋体 (simsun.ttc)             Yaofu Song  (Noto Serif CJK SC Regular, OFL; GBK)
=========  ===========================  ===============================================

``song`` is also the per-character fallback: a character a run's font lacks is drawn in it, then
in the bundled Yaofu Song (GBK, 21,000+ characters), then in Yaofu Song Ext (the same design:
Extension A and the characters of Extensions B-G a name may hold, such as 㛃 and 𠮷). A heading in
``hei`` looks first in Yaofu Hei Ext (the same sans design past GB2312: 喆, 堃, 㛃), so that a
rare character of a name is drawn in the face of its run, not a thinner one.

System fonts are matched by the names stored in the font (family names in every language and
the PostScript name, read with fontTools), not by file name. The scan is cached in memory and,
keyed by size and mtime, in a small JSON file in the user cache folder. Fonts whose OS/2 fsType
forbids embedding, CFF-outline fonts (reportlab embeds TrueType outlines only) and fonts that
reportlab fails to load are skipped.

Nothing here imports Qt; :func:`bundled_font_files` gives the GUI the files to load with
``QFontDatabase.addApplicationFont``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

from yaofu_desktop.resources import BUNDLED_FONTS, resource_path

log = logging.getLogger(__name__)


def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap, with characters past the BMP written as UTF-16 (a surrogate
    pair), as the PDF reference requires: reportlab 5.1 writes U+20BB7 (𠮷) as <20BB7>, which
    readers take for U+20BB, so a name copied out of the PDF or found in it comes out wrong."""
    def utf16(v: int) -> str:
        if v <= 0xFFFF:
            return "%04X" % v
        v -= 0x10000
        return "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (i, utf16(v)) for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


_ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # reportlab is pinned (pyproject.toml)

ROLES = ("fang", "kai", "hei", "title", "song")
EXTENDED_ROLES = ("hei", "song")  # with a bundled font of the rest of the name characters
FALLBACK_ROLE = "song"

# role -> (file name under resources/fonts, family name in the font, PostScript name)
BUNDLED = BUNDLED_FONTS  # role -> (file, family, PostScript name)
#: Qt family name of the bundled font of each role (what ``QFont(family)`` needs).
BUNDLED_FAMILIES = {role: fam for role, (_f, fam, _ps) in BUNDLED.items()}

# Official fonts by role, best first. Matched (case-, space-, '-' and '_'-insensitively) against
# the font's family names (name IDs 1 and 16, all languages) and its PostScript name (ID 6).
SYSTEM_CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": (
        "方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0",
        "方正小标宋_GBK", "FZXiaoBiaoSong-B05", "FZXBSK--GBK1-0",
        "华文中宋", "STZhongsong",
    ),
    "fang": (
        "仿宋_GB2312", "FangSong_GB2312",
        "仿宋", "FangSong",
        "方正仿宋_GBK", "FZFangSong-Z02", "FZFSK--GBK1-0",
        "华文仿宋", "STFangsong",
    ),
    "hei": ("黑体", "SimHei", "方正黑体_GBK", "FZHei-B01", "FZHTK--GBK1-0"),
    "kai": (
        "楷体_GB2312", "KaiTi_GB2312",
        "楷体", "KaiTi",
        "方正楷体_GBK", "FZKai-Z03", "FZKTK--GBK1-0",
        "华文楷体", "STKaiti",
    ),
    "song": ("宋体", "SimSun"),
}
# File names to look at first (cheap); every other font file is scanned only if a role is left.
LIKELY_FILES = {
    "fzxbsjw.ttf", "fzxbsk.ttf", "stzhongs.ttf",
    "仿宋_gb2312.ttf", "fs_gb2312.ttf", "simfang.ttf", "fzfsk.ttf", "stfangso.ttf",
    "simhei.ttf", "fzhtk.ttf",
    "楷体_gb2312.ttf", "kt_gb2312.ttf", "simkai.ttf", "fzktk.ttf", "stkaiti.ttf",
    "simsun.ttc",
}
FONT_EXTS = (".ttf", ".ttc", ".otf")
SCAN_CACHE_VERSION = 1


@dataclass(frozen=True)
class RoleFont:
    """One registered font."""

    role: str
    name: str  # reportlab font name (use with canvas.setFont)
    source: str  # "system" or "bundled"
    path: Path
    subfont_index: int
    family: str  # the font's own family name
    cmap: frozenset[int] = field(repr=False)  # code points the font has a glyph for

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap


@dataclass(frozen=True)
class FontSet:
    """The fonts of the five roles, plus the fallback chain for missing characters."""

    fonts: dict[str, RoleFont]
    last_resort: RoleFont  # bundled Yaofu Song (may be the same as fonts["song"])
    # the bundled fonts past GBK: "hei" (Yaofu Hei Ext, for headings) and "song" (Yaofu Song Ext)
    extensions: dict[str, RoleFont] = field(default_factory=dict)

    def __getitem__(self, role: str) -> RoleFont:
        return self.fonts[role]

    def name(self, role: str) -> str:
        return self.fonts[role].name

    def chain(self, role: str) -> tuple[RoleFont, ...]:
        """Fonts to try for a character of a run in `role`, in order."""
        out = [self.fonts[role]]
        ext = self.extensions
        same_design = [ext["hei"]] if role == "hei" and "hei" in ext else []
        for f in (*same_design, self.fonts[FALLBACK_ROLE], self.last_resort, ext.get("song")):
            if f is not None and all(f.name != o.name for o in out):
                out.append(f)
        return tuple(out)

    def font_for(self, ch: str, role: str) -> RoleFont | None:
        """The font to draw `ch` in for a run in `role`; None if no font has it."""
        cp = ord(ch)
        for f in self.chain(role):
            if cp in f.cmap:
                return f
        return None

    def missing(self, text: str, role: str = "fang") -> list[str]:
        """Characters of `text` (not whitespace) that no font in the chain can draw."""
        seen: dict[str, None] = {}
        for ch in text:
            if not ch.isspace() and ch not in seen and self.font_for(ch, role) is None:
                seen[ch] = None
        return list(seen)

    def describe(self) -> dict[str, tuple[str, str]]:
        """role -> (reportlab font name, "system" | "bundled")."""
        return {r: (f.name, f.source) for r, f in self.fonts.items()}


class FontError(RuntimeError):
    """The bundled fonts are missing or unusable (a broken install)."""


# --------------------------------------------------------------------------- public API

_lock = threading.Lock()
_fontsets: dict[tuple, FontSet] = {}
_registered: dict[tuple[str, int], RoleFont] = {}  # (path, index) -> font, per process
_scan_memo: dict[tuple[str, ...], list[dict]] = {}


def bundled_font_files() -> list[Path]:
    """The bundled .ttf files (for ``QFontDatabase.addApplicationFont``), in role order."""
    return [p for p in (resource_path("fonts", f) for f, _fam, _ps in BUNDLED.values()) if p.is_file()]


def system_font_dirs() -> list[Path]:
    """Folders searched for the official fonts: Windows' system and per-user font folders."""
    dirs: list[Path] = []
    extra = os.environ.get("YAOFU_FONT_DIRS")
    if extra:
        dirs += [Path(p) for p in extra.split(os.pathsep) if p]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in dirs if d.is_dir()]


def register_fonts(search_system: bool = True, font_dirs: list[Path] | None = None) -> FontSet:
    """Register the five role fonts with reportlab and return them.

    Idempotent and cheap after the first call (the result is cached per argument set).
    `font_dirs` replaces :func:`system_font_dirs` (tests); it is ignored unless `search_system`.
    Raises :class:`FontError` only if a bundled font is missing or broken.
    """
    dirs = tuple(str(d) for d in (font_dirs if font_dirs is not None else
                                  (system_font_dirs() if search_system else [])))
    key = (bool(search_system), dirs)
    with _lock:
        fs = _fontsets.get(key)
        if fs is not None:
            return fs
        fonts: dict[str, RoleFont] = {}
        if search_system and dirs:
            for role, cand in _find_system_fonts([Path(d) for d in dirs]).items():
                for path, index, family in cand:
                    f = _register(role, Path(path), index, family, "system")
                    if f is not None:
                        fonts[role] = f
                        break
        for role in ROLES:
            if role not in fonts:
                fonts[role] = _register_bundled(role)
        last = fonts["song"] if fonts["song"].source == "bundled" else _register_bundled("song")
        ext = {role: _register_bundled(f"{role}_ext") for role in EXTENDED_ROLES}
        fs = FontSet(fonts=fonts, last_resort=last, extensions=ext)
        _fontsets[key] = fs
        return fs


# --------------------------------------------------------------------------- registration

def _register_bundled(role: str) -> RoleFont:
    fname, family, _ps = BUNDLED[role]
    path = resource_path("fonts", fname)
    if not path.is_file():
        raise FontError(f"bundled font missing: {path} (run packaging/fonts/build_fonts.py)")
    f = _register(role, path, 0, family, "bundled")
    if f is None:
        raise FontError(f"bundled font unusable: {path}")
    return f


def _register(role: str, path: Path, index: int, family: str, source: str) -> RoleFont | None:
    key = (str(path), index)
    done = _registered.get(key)
    if done is not None:
        return RoleFont(role, done.name, source, path, index, family, done.cmap)
    stem = path.stem if index == 0 else f"{path.stem}-{index}"
    rl_name = f"Yaofu.{source}.{stem}"
    try:
        font = load_ttfont(rl_name, path, index)
        pdfmetrics.registerFont(font)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError) as e:
        log.warning("font %s[%d] not usable for %s: %s", path, index, role, e)
        return None
    cmap = frozenset(font.face.charToGlyph or ())
    rf = RoleFont(role, rl_name, source, path, index, family, cmap)
    _registered[key] = rf
    return rf


# --------------------------------------------------------------------------- parsed-font cache
#
# reportlab parses a TrueType file in pure Python (cmap, widths, glyph offsets): about 100 ms for
# our five fonts, the largest part of a whole `report` run. What it extracts is plain data, so it
# is kept in the user's cache folder as marshal (no code can hide in it) and restored in a few
# ms; the font file itself is still read, and its size, mtime and the reportlab version key the
# cache. This reaches into TTFont/TTFontFace internals: reportlab is pinned (pyproject.toml) and
# tests/test_typeset.py checks that a cached font equals a parsed one.

FACE_CACHE_VERSION = 1
_FACE_SKIP = ("_ttf_data", "_pdfScale")


def _face_cache_path(path: Path, index: int) -> Path | None:
    base = _cache_file()
    if base is None:
        return None
    import reportlab

    st = path.stat()
    ident = f"{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}|{FACE_CACHE_VERSION}"
    digest = hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return base.parent / "faces" / f"{path.stem}-{index}-{digest}.marshal"


def _pdf_scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def load_ttfont(rl_name: str, path: Path, index: int = 0) -> TTFont:
    """reportlab's TTFont for a file, from the parsed-font cache when it has it."""
    cache = _face_cache_path(path, index)
    if cache is not None and cache.is_file():
        try:
            raw = cache.read_bytes()
            digest, payload = raw[:32], raw[32:]
            if hashlib.sha256(payload).digest() != digest:  # torn or damaged: never unmarshalled
                raise ValueError("checksum mismatch")
            state = marshal.loads(payload)
            face = TTFontFace.__new__(TTFontFace)
            face.__dict__.update(state)
            face._ttf_data = path.read_bytes()
            face._pdfScale = _pdf_scale(face.unitsPerEm)
            return _ttfont_with_face(rl_name, face)
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError) as e:
            log.info("font cache %s unusable (%s); parsing the font", cache, e)
    font = TTFont(rl_name, str(path), subfontIndex=index)
    if cache is not None:
        try:
            state = {k: v for k, v in font.face.__dict__.items() if k not in _FACE_SKIP}
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            payload = marshal.dumps(state)
            tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, cache)
        except (OSError, ValueError) as e:  # no cache: slower next time, nothing worse
            log.info("font cache %s not written: %s", cache, e)
    return font


def _ttfont_with_face(rl_name: str, face: TTFontFace) -> TTFont:
    """What TTFont.__init__ (reportlab 5.1) does, given a face instead of a file to parse."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config

    font = TTFont.__new__(TTFont)
    font.fontName = rl_name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(rl_name, g) for g in rl_config.unShapedFontGlob)
    return font


# --------------------------------------------------------------------------- system scan

def _norm(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch not in " -_")


_CANDIDATE_RANK = {
    role: {_norm(n): i for i, n in enumerate(names)} for role, names in SYSTEM_CANDIDATES.items()
}


def _find_system_fonts(dirs: list[Path]) -> dict[str, list[tuple[str, int, str]]]:
    """role -> usable candidates [(path, face index, family)], best first."""
    files: list[Path] = []
    for d in dirs:
        try:
            files += [p for p in d.iterdir() if p.suffix.lower() in FONT_EXTS and p.is_file()]
        except OSError:
            continue
    likely = [p for p in files if p.name.casefold() in LIKELY_FILES]
    faces = _scan(likely)
    found = _match(faces)
    if any(role not in found for role in ROLES):
        rest = [p for p in files if p.name.casefold() not in LIKELY_FILES]
        found = _match(faces + _scan(rest))
    return found


def _match(faces: list[dict]) -> dict[str, list[tuple[str, int, str]]]:
    ranked: dict[str, list[tuple[int, str, int, str]]] = {}
    for face in faces:
        if not face.get("embeddable") or not face.get("truetype"):
            continue
        names = {_norm(n) for n in face["names"]}
        for role, ranks in _CANDIDATE_RANK.items():
            hits = [ranks[n] for n in names if n in ranks]
            if hits:
                ranked.setdefault(role, []).append(
                    (min(hits), face["path"], face["index"], face["family"]))
    return {role: [(p, i, fam) for _r, p, i, fam in sorted(c)] for role, c in ranked.items()}


def _scan(paths: list[Path]) -> list[dict]:
    """Read names/embedding bits of every face in `paths` (cached in memory and on disk)."""
    if not paths:
        return []
    memo_key = tuple(sorted(str(p) for p in paths))
    if memo_key in _scan_memo:
        return _scan_memo[memo_key]
    cache_file = _cache_file()
    disk: dict = {}
    if cache_file is not None:
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data.get("version") == SCAN_CACHE_VERSION:
                disk = data.get("files", {})
        except (OSError, ValueError):
            disk = {}
    out: list[dict] = []
    changed = False
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        stamp = [st.st_size, int(st.st_mtime)]
        entry = disk.get(str(p))
        if entry is None or entry.get("stamp") != stamp:
            entry = {"stamp": stamp, "faces": _read_faces(p)}
            disk[str(p)] = entry
            changed = True
        out += entry["faces"]
    if changed and cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({"version": SCAN_CACHE_VERSION, "files": disk},
                                      ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, cache_file)
        except OSError:
            pass
    _scan_memo[memo_key] = out
    return out


def _cache_file() -> Path | None:
    if os.environ.get("YAOFU_NO_FONT_CACHE"):
        return None
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return None
    return Path(user_cache_dir("yaofu_desktop", appauthor=False)) / "font-scan.json"


def _read_faces(path: Path) -> list[dict]:
    """Names and capabilities of each face of a font file; [] if unreadable."""
    try:
        from fontTools.ttLib import TTCollection, TTFont as FTFont, TTLibError
    except ImportError:  # fontTools missing: no system fonts, bundled ones still work
        return []
    faces = []
    try:
        if path.suffix.lower() == ".ttc":
            coll = TTCollection(str(path), lazy=True)
            fonts = list(coll.fonts)
        else:
            fonts = [FTFont(str(path), lazy=True)]
        for index, f in enumerate(fonts):
            name = f["name"]
            names: set[str] = set()
            for rec in name.names:
                if rec.nameID in (1, 4, 6, 16):
                    try:
                        names.add(rec.toUnicode())
                    except UnicodeDecodeError:
                        continue
            family = name.getDebugName(16) or name.getDebugName(1) or path.stem
            fs_type = f["OS/2"].fsType if "OS/2" in f else 0
            faces.append({
                "path": str(path),
                "index": index,
                "family": family,
                "names": sorted(names),
                "embeddable": not (fs_type & 0x000F == 0x0002 or fs_type & 0x0300),
                "truetype": "glyf" in f,
            })
    except (TTLibError, OSError, KeyError, ValueError, AssertionError, IndexError) as e:
        log.debug("cannot read font %s: %s", path, e)
        return []
    except Exception as e:  # noqa: BLE001 - a broken font file must never stop the report
        log.debug("cannot read font %s: %r", path, e)
        return []
    return faces
