"""The Qt Designer forms: ``ui/*.ui`` is the source, compiled into ``gui/forms/ui_*.py``.

A window or dialog inherits its compiled form, so that its widgets are real attributes that
editors and type checkers see (as in Vorta):

    from .forms.ui_about_dialog import Ui_AboutDialog

    class AboutDialog(QDialog, Ui_AboutDialog):
        def __init__(self, parent=None):
            super().__init__(parent)
            self.setupUi(self)                # self.okButton … now exist

After editing a .ui file, compile it again: ``python -m yaofu_desktop.gui.uiload`` (pyside6-uic).
Each compiled module records the CRC-32 and length of the .ui it came from
(``SOURCE_CRC32``); tests/gui/test_window.py::test_compiled_forms_match_their_ui_files fails
while a form was edited and not compiled again. The compiled forms import only the Qt classes
they use (each one imported costs start-up time).
"""

from __future__ import annotations

import importlib
import re
import sys
import zlib
from pathlib import Path

from ..resources import resource_root

HASH_PREFIX = "# source-crc32: "
FORMS_PACKAGE = __package__ + ".forms"
FORMS_DIR = Path(__file__).resolve().parent / "forms"


def ui_dir() -> Path:
    candidates = [resource_root().parent / "ui"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "ui")
    candidates.append(Path(__file__).resolve().parents[2] / "ui")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def _module_name(ui_name: str) -> str:
    return "ui_" + Path(ui_name).stem


def source_crc(path: Path) -> str:
    data = path.read_bytes()
    return f"{zlib.crc32(data):08x}-{len(data)}"


def compiled_is_current(name: str) -> bool:
    """The compiled form of ``ui/<name>`` exists and was compiled from the .ui as it is now."""
    try:
        mod = importlib.import_module(f"{FORMS_PACKAGE}.{_module_name(name)}")
    except ImportError:
        return False
    return getattr(mod, "SOURCE_CRC32", None) == source_crc(ui_dir() / name)


_IMPORT_BLOCK = re.compile(r"^from (PySide6\.\w+) import (?:\(([^)]*)\)|([^\n(]*))\n", re.M)
_COMMENT = re.compile(r"^\s*#.*$", re.M)


def _trim_imports(source: str) -> str:
    """uic imports some fifty Qt classes whatever the form uses; each costs start-up time
    (PySide6 builds a class's enums when it is first imported). Keep those the code uses
    (not those its header comment names, as "Qt" in "Qt User Interface Compiler")."""
    body = _COMMENT.sub("", _IMPORT_BLOCK.sub("", source))

    def keep(m: re.Match) -> str:
        names = [n.strip() for n in (m.group(2) or m.group(3)).replace("\n", " ").split(",") if n.strip()]
        used = [n for n in names if re.search(rf"\b{n}\b", body)]
        return f"from {m.group(1)} import ({', '.join(used)})\n" if used else ""

    return _IMPORT_BLOCK.sub(keep, source)


def _uic() -> list[str]:
    import shutil

    exe = shutil.which("pyside6-uic")
    if exe:
        return [exe]
    import PySide6

    return [str(Path(PySide6.__file__).parent / "Qt" / "libexec" / "uic"), "-g", "python"]


def compile_form(name: str) -> str:
    """Python source of a compiled form, headed by the CRC-32 and length of its .ui file."""
    import subprocess

    path = ui_dir() / name
    out = subprocess.run(_uic() + [str(path)], capture_output=True, check=True).stdout.decode("utf-8")
    digest = source_crc(path)
    return f"{HASH_PREFIX}{digest}\nSOURCE_CRC32 = \"{digest}\"\n{_trim_imports(out)}"


def compile_forms() -> list[Path]:
    FORMS_DIR.mkdir(exist_ok=True)
    init = FORMS_DIR / "__init__.py"
    if not init.exists():
        init.write_text('"""Compiled Qt Designer forms (generated from ui/*.ui by gui/uiload.py)."""\n',
                        encoding="utf-8")
    written = []
    for ui in sorted(ui_dir().glob("*.ui")):
        target = FORMS_DIR / f"{_module_name(ui.name)}.py"
        target.write_text(compile_form(ui.name), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":  # python -m yaofu_desktop.gui.uiload
    for p in compile_forms():
        print(p)
