"""Writing export files safely: a temporary file in the target folder, then os.replace.

A failed or interrupted export never leaves a half-written file and never replaces the clerk's
existing file; what is written is readable by its owner only (POSIX).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from .errors import UserError

T = TypeVar("T")


def write_atomically(write: Callable[[str], T], out: str | os.PathLike) -> T:
    """Call `write(tmp_path)`, then move the finished file onto `out`. Returns what write returned."""
    out = Path(out)
    folder = out.parent if str(out.parent) not in ("", ".") else Path(".")
    if not folder.is_dir():
        raise UserError(f"文件夹不存在：{folder}")
    if out.is_dir():
        raise UserError(f"“{out}”是一个文件夹，请给出要保存的文件名")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise UserError(f"无法在文件夹“{folder}”中保存文件（{e.strerror or e}）") from None
    os.close(fd)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        try:
            os.replace(tmp, out)
        except PermissionError:
            raise UserError(
                f"无法写入“{out.name}”：文件可能正在 WPS、Excel 或 PDF 阅读器中打开，请关闭后再试"
            ) from None
        return result
    except OSError as e:
        raise UserError(f"无法保存“{out}”（{e.strerror or e}）") from None
    finally:
        if os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
