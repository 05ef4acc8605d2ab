"""Load a Qt Designer form (``ui/*.ui``, the source of the fixed windows) onto an instance.

    class AboutDialog(QDialog):
        def __init__(self, parent=None):
            super().__init__(parent)
            load_ui("about_dialog.ui", self)   # children become attributes: self.okButton …

Like ``uic.loadUi`` in PyQt: the form's top-level widget is `base` itself; every named child
widget, action and layout becomes an attribute of it. Forms are looked up in ``<app>/ui`` (next
to ``resources``; a frozen build bundles it as ``_internal/ui``).

Start-up speed: each form is also compiled with ``pyside6-uic`` into ``gui/forms/ui_*.py``
(``python -m yaofu_desktop.gui.uiload`` after editing a .ui). The compiled module records the
SHA-256 of the .ui it came from and is used only while it matches, so the .ui file stays the
source: an edited form that was not recompiled is loaded with QUiLoader (a little slower).
"""

from __future__ import annotations

import importlib
import re
import sys
import zlib
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QWidget

from ..resources import resource_root


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


HASH_PREFIX = "# source-crc32: "
FORMS_PACKAGE = __package__ + ".forms"
FORMS_DIR = Path(__file__).resolve().parent / "forms"


def _module_name(ui_name: str) -> str:
    return "ui_" + Path(ui_name).stem


def _compiled(name: str):
    """The compiled form's module when it matches the .ui file (or the .ui is not shipped)."""
    path = ui_dir() / name
    try:
        mod = importlib.import_module(f"{FORMS_PACKAGE}.{_module_name(name)}")
    except ImportError:
        return None
    if path.exists() and getattr(mod, "SOURCE_CRC32", None) != source_crc(path):
        return None
    return mod


def load_ui(name: str, base: QWidget) -> QWidget:
    mod = _compiled(name)
    if mod is not None:
        cls = next(v for k, v in vars(mod).items() if k.startswith("Ui_"))
        ui = cls()
        ui.setupUi(base)
        for attr, value in vars(ui).items():
            setattr(base, attr, value)
        return base
    return load_ui_file(name, base)


def source_crc(path: Path) -> str:
    data = path.read_bytes()
    return f"{zlib.crc32(data):08x}-{len(data)}"


_IMPORT_BLOCK = re.compile(r"^from (PySide6\.\w+) import (?:\(([^)]*)\)|([^\n(]*))\n", re.M)


def _trim_imports(source: str) -> str:
    """uic imports some fifty Qt classes whatever the form uses; each costs start-up time
    (PySide6 builds a class's enums when it is first imported). Keep those the form uses."""
    body = _IMPORT_BLOCK.sub("", source)

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
    """Python source of a compiled form, headed by the SHA-256 of its .ui file."""
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


def _make_loader(base: QWidget):
    from PySide6.QtUiTools import QUiLoader

    class _Loader(QUiLoader):
        def __init__(self, base: QWidget):
            super().__init__(base)
            self._base = base

        def createWidget(self, class_name, parent=None, name=""):  # noqa: N802 - Qt's name
            if parent is None:
                return self._base
            widget = super().createWidget(class_name, parent, name)
            if name:
                setattr(self._base, name, widget)
            return widget

        def createAction(self, parent=None, name=""):  # noqa: N802
            action = super().createAction(parent, name)
            if name:
                setattr(self._base, name, action)
            return action

        def createLayout(self, class_name, parent=None, name=""):  # noqa: N802
            layout = super().createLayout(class_name, parent, name)
            if name:
                setattr(self._base, name, layout)
            return layout

    return _Loader(base)


def load_ui_file(name: str, base: QWidget) -> QWidget:
    """Load the .ui file itself with QUiLoader."""
    path = ui_dir() / name
    f = QFile(str(path))
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"界面文件缺失：{path}")
    try:
        loader = _make_loader(base)
        widget = loader.load(f, None)
    finally:
        f.close()
    if widget is None:
        raise RuntimeError(f"界面文件无法读取：{path}（{loader.errorString()}）")
    return base


if __name__ == "__main__":  # python -m yaofu_desktop.gui.uiload
    for p in compile_forms():
        print(p)
