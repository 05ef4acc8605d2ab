#!/usr/bin/env python3
"""Build the bundled fonts in resources/fonts/ from Debian font packages.

Reproducible one-off build step (needs fontTools >= 4.50, dpkg for --debs)::

    apt-get download fonts-noto-cjk texlive-lang-chinese   # (+ fonts-arphic-gkai00mp for --kai arphic)
    python packaging/fonts/build_fonts.py --debs DIR_WITH_DEBS
    # or, with the packages already unpacked (dpkg -x PKG.deb ROOT):
    python packaging/fonts/build_fonts.py --root ROOT

For every role the source font is subset (GB2312 + ASCII/Latin-1 + general and CJK punctuation +
full-width forms; GBK for the 宋 fallback), CFF outlines are converted to quadratic TrueType
(glyf) outlines so reportlab can embed them, layout/vertical/hinting tables are dropped, and the
family is renamed ("Yaofu …") as the licences advise for modified fonts. Licence texts are copied
to resources/fonts/LICENSES/. Output is byte-for-byte reproducible (fixed timestamps).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "resources" / "fonts"

# Date written into the modification notice and the head table (keeps the build reproducible).
MODIFIED_DATE = "2025-11-25"
HEAD_TIMESTAMP = 3846960000  # seconds since 1904-01-01 (= 2025-11-25 UTC)

NOTO = "usr/share/fonts/opentype/noto"
FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
GKAI = "usr/share/fonts/truetype/arphic-gkai00mp"

MAX_ERR = 1.0  # cu2qu tolerance in font units (1/1000 em); 2.0 saves only ~5 %


@dataclass(frozen=True)
class Spec:
    role: str
    out_name: str  # file name under resources/fonts
    family: str  # new family name
    style: str  # subfamily
    postscript: str
    source: str  # path relative to the unpacked root
    ttc_family: str | None  # for .ttc: the family name of the face to take
    charset: str  # "gb2312" or "gbk"
    package: str
    licence: str  # key into LICENCES


SPECS = [
    Spec("fang", "YaofuFang.ttf", "Yaofu Fang", "Regular", "YaofuFang-Regular",
         f"{FANDOL}/FandolFang-Regular.otf", None, "gb2312", "texlive-lang-chinese", "fandol"),
    Spec("kai", "YaofuKai.ttf", "Yaofu Kai", "Regular", "YaofuKai-Regular",
         f"{FANDOL}/FandolKai-Regular.otf", None, "gb2312", "texlive-lang-chinese", "fandol"),
    Spec("hei", "YaofuHei.ttf", "Yaofu Hei", "Regular", "YaofuHei-Regular",
         f"{NOTO}/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "gb2312", "fonts-noto-cjk", "noto"),
    Spec("title", "YaofuTitle.ttf", "Yaofu Title", "Bold", "YaofuTitle-Bold",
         f"{NOTO}/NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "gb2312", "fonts-noto-cjk", "noto"),
    Spec("song", "YaofuSong.ttf", "Yaofu Song", "Regular", "YaofuSong-Regular",
         f"{NOTO}/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "gbk", "fonts-noto-cjk", "noto"),
    # the rest of the characters a name may hold (GB 18030-2022, see name_charset): the window's
    # sans face past GB2312 (so 喆 and 㛃 are drawn in the same design as the rest of the window,
    # and headings in the report too), and the serif past GBK (the report's body and 宋 fallback)
    Spec("hei_ext", "YaofuHeiExt.ttf", "Yaofu Hei Ext", "Regular", "YaofuHeiExt-Regular",
         f"{NOTO}/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "names-beyond-gb2312",
         "fonts-noto-cjk", "noto"),
    Spec("song_ext", "YaofuSongExt.ttf", "Yaofu Song Ext", "Regular", "YaofuSongExt-Regular",
         f"{NOTO}/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "names-beyond-gbk",
         "fonts-noto-cjk", "noto"),
]

# Alternative 楷 source (--kai arphic): AR PL KaitiM GB is 2.2 MB smaller once subset (4.5 vs
# 6.7 MB) but centres 。，、；： in the em box (Taiwan style); FandolKai puts them bottom-left as
# GB/T 15834 and Chinese official documents expect, so FandolKai is the default.
ARPHIC_KAI = Spec("kai", "YaofuKai.ttf", "Yaofu Kai", "Regular", "YaofuKai-Regular",
                  f"{GKAI}/gkai00mp.ttf", None, "gb2312", "fonts-arphic-gkai00mp", "arphic")

LICENCE_NOTES = {
    "fandol": "GPL-3.0 with the GPL font exception (Fandol fonts, © 2012-2013 the Fandol team)",
    "arphic": "Arphic Public License (© 1994-1999 Arphic Technology Co., Ltd.)",
    "noto": "SIL Open Font License 1.1 (© 2014-2022 Adobe, Noto CJK)",
}


def _decode_all(encoding: str, leads: range, trails: range) -> set[int]:
    cps: set[int] = set()
    for lead in leads:
        for trail in trails:
            try:
                s = bytes([lead, trail]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                cps.add(ord(s))
    return cps


# The characters a name may hold beyond GBK, as GB 18030-2022 has them: the CJK ideographs of
# Unicode's unified blocks (URO to U+9FFF, Extension A complete, and of Extensions B-G the
# characters the source font has, which for Noto CJK SC include the 通用规范汉字表's characters
# there, GB 18030-2022 implementation level 2, and the common name characters such as 𠮷), the
# compatibility ideographs, radicals, strokes and Bopomofo. Only what the source font has is kept.
NAME_BLOCKS = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3100, 0x312F), (0x31A0, 0x31BF),  # Bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility (㎡ ㈠)
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3134F),  # Extensions B-G
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
)


def name_charset() -> set[int]:
    return {cp for lo, hi in NAME_BLOCKS for cp in range(lo, hi + 1)}


def charset(name: str) -> set[int]:
    if name == "names-beyond-gb2312":
        return name_charset() - charset("gb2312")
    if name == "names-beyond-gbk":
        return name_charset() - charset("gbk")
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    cps |= set(range(0x2010, 0x2070))  # general punctuation: — ‘ ’ “ ” … ‰ ※
    cps |= set(range(0x2160, 0x2180))  # Roman numerals
    cps |= set(range(0x2460, 0x24A0))  # circled / parenthesised numbers
    cps |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps |= set(range(0xFF01, 0xFF66)) | set(range(0xFFE0, 0xFFE7))  # full-width forms
    cps |= {0x2E3A, 0x2E3B, 0x25CB, 0x25CF, 0x25A1, 0x25A0, 0x2605, 0x2606, 0x00B7, 0x02C9, 0x02C7}
    if name == "gb2312":
        cps |= _decode_all("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    elif name == "gbk":
        cps |= _decode_all("gbk", range(0x81, 0xFF), [t for t in range(0x40, 0xFF) if t != 0x7F])
    else:
        raise ValueError(name)
    return cps


def _load(path: Path, ttc_family: str | None) -> TTFont:
    if ttc_family is None:
        return TTFont(path, lazy=False)
    coll = TTCollection(path)
    for face in coll.fonts:
        if face["name"].getDebugName(1) == ttc_family:
            return face
    raise SystemExit(f"{path}: no face named {ttc_family!r}")


def _to_truetype(font: TTFont) -> None:
    """CFF → glyf (quadratic), as in fontTools' Snippets/otf2ttf.py."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        quad[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in quad.items():
        adv, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (adv, getattr(g, "xMin", 0) if g.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, spec: Spec, orig_name: str) -> None:
    name = font["name"]
    drop = {1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25}
    # Keep only Windows-platform records (Qt and reportlab read those); drop old family names.
    name.names = [r for r in name.names if r.platformID == 3 and r.nameID not in drop]
    full = spec.family if spec.style == "Regular" else f"{spec.family} {spec.style}"
    notice = (f"Modified {MODIFIED_DATE} for 法治台账 (yaofu_desktop) by packaging/fonts/build_fonts.py: "
              f"subset, converted to TrueType outlines, renamed. Original font: {orig_name} "
              f"(Debian package {spec.package}). Licence: {LICENCE_NOTES[spec.licence]}.")
    records = {
        1: spec.family,
        2: spec.style,
        3: f"{spec.postscript};{MODIFIED_DATE};subset of {orig_name}",
        4: full,
        6: spec.postscript,
        10: notice,
    }
    if spec.licence == "fandol":
        records[13] = ("This font is free software: GNU General Public License v3 with the GPL font "
                       "exception. Source: texlive-lang-chinese / CTAN fandol.")
    for nid, text in records.items():
        name.setName(text, nid, 3, 1, 0x409)
    # A Chinese (PRC) family name too, so Qt on a Chinese Windows lists the same family.
    for nid in (1, 2, 4):
        name.setName(records[nid], nid, 3, 1, 0x804)
    if "CFF " in font:  # keep the CFF font name in step (only before conversion)
        font["CFF "].cff.fontNames = [spec.postscript]


def build_one(root: str, out_dir: str, spec: Spec) -> tuple[str, int, float]:
    t0 = time.perf_counter()
    font = _load(Path(root) / spec.source, spec.ttc_family)
    orig_name = font["name"].getDebugName(4) or spec.source
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.notdef_glyph = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "mort", "morx",
                         "gasp", "DSIG", "fpgm", "prep", "cvt "]
    opts.glyph_names = False
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=charset(spec.charset))
    sub.subset(font)
    for tag in ("BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "mort", "gasp"):
        if tag in font:
            del font[tag]
    if "CFF " in font:
        _to_truetype(font)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    _rename(font, spec, orig_name)
    font["head"].modified = HEAD_TIMESTAMP
    font["head"].created = min(font["head"].created, HEAD_TIMESTAMP)
    font.recalcTimestamp = False
    out = Path(out_dir) / spec.out_name
    tmp = out.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(out)
    return spec.out_name, out.stat().st_size, time.perf_counter() - t0


def _unpack(debs: Path, root: Path) -> None:
    for deb in sorted(debs.glob("*.deb")):
        if any(k in deb.name for k in ("noto-cjk", "texlive-lang-chinese", "gkai00mp")):
            subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)


def _copy_licences(root: Path, out: Path, used: set[str]) -> None:
    lic = out / "LICENSES"
    lic.mkdir(parents=True, exist_ok=True)
    doc = root / "usr/share/doc"
    # Noto CJK: OFL-1.1 (the licence text from the Debian copyright file)
    noto = (doc / "fonts-noto-cjk/copyright").read_text(encoding="utf-8")
    start = noto.index("License: SIL-1.1\n -----")
    end = noto.index("\nLicense: GPL-3+", start)
    body = noto[start:end].split("\n", 1)[1]
    ofl = "\n".join("" if ln.strip() == "." else ln[1:] for ln in body.splitlines())
    head = ("Noto Serif CJK SC / Noto Sans CJK SC (Yaofu Title, Yaofu Song, Yaofu Hei, Yaofu Hei Ext,"
            " Yaofu Song Ext)\n"
            "Copyright 2014-2022 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n"
            "Upstream: https://github.com/notofonts/noto-cjk\n\n")
    (lic / "OFL-1.1-NotoCJK.txt").write_text(head + ofl.strip() + "\n", encoding="utf-8")
    # Fandol: GPL-3 + font exception
    gpl = gzip.decompress((doc / "texlive-doc/fonts/fandol/COPYING.gz").read_bytes()).decode("utf-8")
    exc = (
        "Fandol fonts (Yaofu Fang = FandolFang, Yaofu Kai = FandolKai)\n"
        "Copyright (C) 2012-2013 the Fandol team (Clerk Ma, Jie Su).\n\n"
        "These fonts are licensed under the GNU General Public License version 3 with the GPL font\n"
        "exception (README of the fandol package: \"These fonts's licensing is GPL + GPL font\n"
        "exception.\"). The font exception, as published by the FSF:\n\n"
        "  As a special exception, if you create a document which uses this font, and embed this\n"
        "  font or unaltered portions of this font into the document, this font does not by itself\n"
        "  cause the resulting document to be covered by the GNU General Public License. This\n"
        "  exception does not however invalidate any other reasons why the document might be\n"
        "  covered by the GNU General Public License. If you modify this font, you may extend this\n"
        "  exception to your version of the font, but you are not obligated to do so. If you do\n"
        "  not wish to do so, delete this exception statement from your version.\n\n"
        "Source: CTAN https://ctan.org/pkg/fandol (also the Debian source package texlive-lang,\n"
        "binary package texlive-lang-chinese). The modified version shipped here is generated from\n"
        "that source by packaging/fonts/build_fonts.py in this repository.\n\n"
        + "=" * 72 + "\n\n"
    )
    (lic / "GPL-3.0-Fandol.txt").write_text(exc + gpl, encoding="utf-8")
    if "arphic" not in used:
        return
    # Arphic Public License
    arphic = gzip.decompress(
        (doc / "fonts-arphic-gkai00mp/license/english/ARPHICPL.TXT.gz").read_bytes()).decode("latin-1")
    (lic / "ARPHICPL-gkai00mp.txt").write_text(
        "AR PL KaitiM GB (gkai00mp.ttf) (Yaofu Kai)\n"
        "(c) Copyright 1994-1999, Arphic Technology Co., Ltd.\n"
        f"Modified {MODIFIED_DATE}: subset to GB2312 + punctuation, hinting removed, renamed to\n"
        "\"Yaofu Kai\", by packaging/fonts/build_fonts.py in this repository (the modification is\n"
        "freely available there). Original from the Debian package fonts-arphic-gkai00mp.\n\n"
        + "=" * 72 + "\n\n" + arphic, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, help="directory the .deb packages were unpacked into")
    ap.add_argument("--debs", type=Path, help="directory holding the .deb packages (unpacked for you)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--kai", choices=["fandol", "arphic"], default="fandol")
    ap.add_argument("--only", nargs="*", help="roles to build (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    tmpdir = None
    if args.root is None:
        if args.debs is None:
            ap.error("give --root or --debs")
        tmpdir = tempfile.mkdtemp(prefix="yaofu-fonts-")
        args.root = Path(tmpdir)
        _unpack(args.debs, args.root)
    args.out.mkdir(parents=True, exist_ok=True)
    specs = [ARPHIC_KAI if (s.role == "kai" and args.kai == "arphic") else s for s in SPECS]
    if args.only:
        specs = [s for s in specs if s.role in args.only]
    # largest first, for a better spread over the workers
    specs.sort(key=lambda s: (s.role != "song", s.role != "title"))
    try:
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futs = [pool.submit(build_one, str(args.root), str(args.out), s) for s in specs]
            for f in futs:
                name, size, secs = f.result()
                print(f"{name:18s} {size / 1e6:6.2f} MB  {secs:5.1f} s")
        _copy_licences(args.root, args.out, {s.licence for s in specs})
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
