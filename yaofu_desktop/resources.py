"""Where the bundled resources (fonts, icons, translations, wording) live.

From a source checkout or an installed tree the folder is ``<repo>/resources``, next to the
package. In a frozen PyInstaller build it is ``<sys._MEIPASS>/resources`` (bundle it with
``--add-data resources:resources``). ``YAOFU_RESOURCES`` overrides both (tests, odd installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_root() -> Path:
    override = os.environ.get("YAOFU_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("fonts", "YaofuFang.ttf")``."""
    return resource_root().joinpath(*parts)


#: The bundled fonts, by the role they play in the report: (file, family, PostScript name).
#: Here, not in report/fonts.py, so that the window can load them without importing reportlab.
BUNDLED_FONTS: dict[str, tuple[str, str, str]] = {
    "fang": ("YaofuFang.ttf", "Yaofu Fang", "YaofuFang-Regular"),
    "kai": ("YaofuKai.ttf", "Yaofu Kai", "YaofuKai-Regular"),
    "hei": ("YaofuHei.ttf", "Yaofu Hei", "YaofuHei-Regular"),
    "title": ("YaofuTitle.ttf", "Yaofu Title", "YaofuTitle-Bold"),
    "song": ("YaofuSong.ttf", "Yaofu Song", "YaofuSong-Regular"),
    # the rest of the characters a name may hold (GB 18030-2022: GBK, Extension A, and of
    # Extensions B-G those of Noto CJK SC): the sans beyond GB2312, the serif beyond GBK
    "hei_ext": ("YaofuHeiExt.ttf", "Yaofu Hei Ext", "YaofuHeiExt-Regular"),
    "song_ext": ("YaofuSongExt.ttf", "Yaofu Song Ext", "YaofuSongExt-Regular"),
}
