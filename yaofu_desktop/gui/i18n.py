"""Chinese for Qt's own dialogs, the Chinese locale, and the bundled CJK fonts.

Qt's buttons (确定/取消/是/否, the file dialog) come from ``qtbase_zh_CN.qm``: first the copy in
``resources/translations`` (a frozen build ships it there), else the one PySide6 ships.

Fonts: the bundled Yaofu Hei (GB2312) and Yaofu Hei Ext (the same design for the rest of the
characters a name may hold) are registered at start-up (a few ms), Yaofu Song right after the
first paint; the others only when asked for (:func:`ensure_font`). The
application font prefers Microsoft YaHei where Windows has it and falls back to the bundled
fonts, so Chinese never shows as boxes even on a machine without any Chinese font.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..resources import BUNDLED_FONTS, resource_path

log = logging.getLogger(__name__)

FONT_FILES = {family: file for file, family, _ps in BUNDLED_FONTS.values()}  # Qt family -> file
# Hei (GB2312) then Hei Ext (the same design: the rest of GBK, Extension A and the characters of
# Extensions B-G a name may hold, 喆 堃 㛃 𠮷); Song last, for anything else
UI_FONTS = ("Yaofu Hei", "Yaofu Hei Ext", "Yaofu Song")
STARTUP_FONTS = ("Yaofu Hei", "Yaofu Hei Ext")  # the first page may show a rare name
WINDOWS_UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei")
UI_POINT_SIZE = 10

_registered: dict[str, bool] = {}
_translators: list[QTranslator] = []


def ensure_font(family: str) -> bool:
    """Register a bundled font with Qt (once). False when its file is missing or unreadable."""
    if family in _registered:
        return _registered[family]
    path = resource_path("fonts", FONT_FILES[family])
    ok = False
    if path.exists():
        ok = QFontDatabase.addApplicationFont(str(path)) >= 0
    if not ok:
        log.warning("font %s not loaded from %s", family, path)
    _registered[family] = ok
    return ok


def _windows_has_yahei() -> bool:
    """Microsoft YaHei is installed and Qt can use it (the offscreen platform, as in the
    self-test, sees none of Windows' own fonts)."""
    import os

    fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    if not ((fonts / "msyh.ttc").exists() or (fonts / "msyh.ttf").exists()):
        return False
    return any(QFontDatabase.hasFamily(f) for f in WINDOWS_UI_FAMILIES)


def ui_font_families() -> list[str]:
    families: list[str] = []
    yahei = sys.platform == "win32" and _windows_has_yahei()
    if yahei:
        families += WINDOWS_UI_FAMILIES
    for f in UI_FONTS:
        if f in STARTUP_FONTS and not yahei:
            if ensure_font(f):
                families.append(f)
        elif resource_path("fonts", FONT_FILES[f]).exists():
            families.append(f)  # registered a moment later (register_fallback_fonts)
    return families


def register_fallback_fonts() -> None:
    """Register the UI fonts start-up skipped (called right after the window shows)."""
    for f in UI_FONTS:
        ensure_font(f)


def install_fonts(app: QApplication) -> QFont:
    font = QFont(app.font())
    families = ui_font_families()
    if families:
        font.setFamilies(families)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
    return font


def translation_dirs() -> list[Path]:
    return [
        resource_path("translations"),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]


def install_translations(app: QCoreApplication) -> bool:
    """Load Qt's Chinese; True when found. Also makes Chinese the default locale."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for name in ("qtbase_zh_CN",):
        for folder in translation_dirs():
            tr = QTranslator(app)
            if (folder / f"{name}.qm").exists() and tr.load(name, str(folder)):
                app.installTranslator(tr)
                _translators.append(tr)
                break
        else:
            log.warning("no %s.qm found", name)
            return False
    return True
