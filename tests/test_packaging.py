"""Packaging (issue 7): the self-test, and the frozen Linux bundle built by packaging/build_linux.sh.

The build tests are marked ``build`` and run only with ``YAOFU_BUILD_TESTS=1`` (a build takes a
minute or two with the dependencies installed, longer when build_linux.sh makes its own venv).
They reuse the running virtualenv when it has PyInstaller and the app's dependencies.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "packaging" / "dist" / "FazhiTaizhang"
INTERNAL = BUNDLE / "_internal"

build_only = pytest.mark.skipif(
    os.environ.get("YAOFU_BUILD_TESTS") != "1", reason="builds the bundle: set YAOFU_BUILD_TESTS=1"
)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="build_linux.sh is for Linux")


def _env(**extra) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


# -- the self-test, unfrozen ---------------------------------------------------------------------


def test_self_test_from_source(tmp_path):
    """`python main.py --self-test` passes from the source tree: one line per step, exit 0, no
    warning on any line, and its temporary folder is gone afterwards (on Windows too, where an
    open log file cannot be deleted)."""
    temp = tmp_path / "临时 文件夹"
    temp.mkdir()
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=300,
        env=_env(YAOFU_DATA_DIR=str(tmp_path / "data"), TMP=str(temp), TEMP=str(temp), TMPDIR=str(temp)),
    )
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith(("通过", "失败"))]
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(lines) == 9 and all(ln.startswith("通过") for ln in lines), r.stdout
    assert re.search(r"^通过\s+主窗口\s+\d+\.\d\d s", r.stdout, re.M), r.stdout
    assert "自检通过" in r.stdout
    assert "条警告" not in r.stdout, r.stdout  # e.g. Qt's "Cannot find font directory" on Windows
    assert "Traceback" not in r.stdout + r.stderr
    assert list(temp.iterdir()) == []
    # the self-test never touches the clerk's data folder: only what it was told to use
    assert not (tmp_path / "data" / "法治台账.db").exists()


def test_self_test_closes_its_log_and_removes_its_folder(tmp_path, monkeypatch):
    """A step that logs opens yaofu.log in the self-test's own data folder; the folder is still
    removed at the end (the log closed first), and a folder that cannot be removed is said."""
    import logging
    import tempfile

    from yaofu_desktop import applog
    from yaofu_desktop.entry import selftest

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    handler = applog.setup_logging()
    seen = []

    def logs(ctx):
        logging.getLogger("yaofu.test").warning("写进自检的日志")
        seen.append(handler.path)
        return ""

    lines: list[str] = []
    try:
        results = selftest.run_steps([("记日志", logs)], out=lines.append)
    finally:
        logging.getLogger().removeHandler(handler)
    assert seen[0] is not None and seen[0].parent.parent.name.startswith("yaofu_selftest_")
    assert handler.path is None  # closed; the next record opens the log where it is then
    assert [r.ok for r in results] == [True] and list(tmp_path.iterdir()) == [], lines

    def cannot_remove(path, *a, **kw):
        raise PermissionError(13, "另一个程序正在使用此文件", str(path))

    monkeypatch.setattr(selftest.shutil, "rmtree", cannot_remove)
    monkeypatch.setattr(selftest.time, "sleep", lambda s: None)
    lines.clear()
    results = selftest.run_steps([("好的一步", lambda ctx: "")], out=lines.append)
    assert [r.ok for r in results] == [True, False]
    assert lines[1].startswith("失败  清理临时文件夹")
    assert "未能删除" in lines[1] and "另一个程序正在使用此文件" in lines[1]


def test_self_test_failing_step_is_one_line():
    from yaofu_desktop.entry import selftest

    def boom(ctx):
        raise ZeroDivisionError("division by zero")

    def refused(ctx):
        raise selftest.StepFailed("说明原因")

    lines: list[str] = []
    results = selftest.run_steps(
        [("好的一步", lambda ctx: "note"), ("坏的一步", boom), ("拒绝", refused)], out=lines.append
    )
    assert [r.ok for r in results] == [True, False, False]
    assert lines[0].startswith("通过") and "（note）" in lines[0]
    assert lines[1].startswith("失败") and "ZeroDivisionError: division by zero @ test_packaging.py" in lines[1]
    assert lines[2].startswith("失败") and lines[2].endswith("说明原因")
    assert len(lines) == 3 and all("\n" not in ln for ln in lines)


# -- the frozen bundle ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_bundle():
    """Run packaging/build_linux.sh once (build + frozen self-test); its output for the tests."""
    env = _env()
    if sys.prefix != sys.base_prefix:  # reuse this virtualenv if it has what the build needs
        env["VIRTUAL_ENV"] = sys.prefix
    r = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_linux.sh")],
        capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, timeout=3600,
    )
    return r


@pytest.mark.build
@pytest.mark.slow
@build_only
@linux_only
def test_build_and_frozen_self_test(built_bundle):
    r = built_bundle
    assert r.returncode == 0, (r.stdout[-4000:], r.stderr[-4000:])
    assert "自检（打包版）" in r.stdout
    assert "自检通过" in r.stdout
    assert not re.search(r"^失败", r.stdout, re.M)
    assert (BUNDLE / "yaofu").is_file()


@pytest.mark.build
@pytest.mark.slow
@build_only
@linux_only
def test_bundle_contents(built_bundle):
    assert built_bundle.returncode == 0, built_bundle.stdout[-2000:]
    # the app's own files
    assert (INTERNAL / "resources" / "wording" / "default.toml").is_file()
    assert (INTERNAL / "resources" / "wording" / "suggestions.toml").is_file()
    assert (INTERNAL / "resources" / "fonts" / "YaofuSong.ttf").is_file()
    ui_src = sorted(p.name for p in (ROOT / "ui").glob("*.ui"))
    assert sorted(p.name for p in (INTERNAL / "ui").glob("*.ui")) == ui_src
    # Qt's Chinese, where the GUI looks, and no other Qt translation
    assert (INTERNAL / "resources" / "translations" / "qtbase_zh_CN.qm").is_file()
    qt_tr = INTERNAL / "PySide6" / "Qt" / "translations"
    assert sorted(p.name for p in qt_tr.iterdir()) == ["qtbase_zh_CN.qm"]
    # report and Excel data
    assert (INTERNAL / "docx" / "templates" / "default.docx").is_file()
    assert (INTERNAL / "docx" / "templates" / "default-footer.xml").is_file()
    assert (INTERNAL / "docx" / "parts").is_dir()  # python-docx resolves parts/../templates
    assert any((INTERNAL / "reportlab" / "fonts").iterdir())
    # 佐证材料: HEIC photos (pi-heif, its libheif and the libde265 decoder), PDF pages (pdfium),
    # scans merged (pypdf); no HEVC encoder (libx265, 22 MB), no Pillow ImageFont (FreeType)
    assert list(INTERNAL.glob("_pi_heif*")) and list(INTERNAL.glob("pi_heif.libs/libheif*")), "pi-heif missing"
    assert list(INTERNAL.glob("pi_heif.libs/libde265*")), "HEIC's decoder missing"
    assert not list(INTERNAL.glob("**/*x265*")) and not list(INTERNAL.glob("**/*pillow_heif*"))
    assert list(INTERNAL.glob("pypdfium2_raw/*pdfium*")), "pdfium missing"
    assert not list(INTERNAL.glob("PIL/_imagingft*")) and not list(INTERNAL.glob("**/libharfbuzz*"))
    # fontTools' compiled accelerators left out: their Python twins in the archive run instead
    assert not list(INTERNAL.glob("fontTools/**/*.so")), list(INTERNAL.glob("fontTools/**/*.so"))
    # plugins: offscreen and xcb platforms, no QML / network / wayland
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins"
    platforms = {p.name for p in (plugins / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms
    assert not (plugins / "tls").exists() and not (plugins / "generic").exists()
    libs = {p.name for p in (INTERNAL / "PySide6" / "Qt" / "lib").iterdir()}
    assert not any(re.match(r"libQt6(Qml|Quick|Network|Pdf)", n) for n in libs), libs
    assert "libQt6UiTools.so.6" in libs and "libQt6PrintSupport.so.6" in libs


@pytest.mark.build
@pytest.mark.slow
@build_only
@linux_only
def test_bundle_size_within_budget(built_bundle):
    """Fonts aside, at most 1.2 × a minimal PySide6 widgets app frozen the same way."""
    assert built_bundle.returncode == 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_bundle
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    _total, without_fonts = bench_bundle.bundle_size_without_fonts(BUNDLE)
    minimal = bench_bundle.minimal_bundle()
    assert minimal is not None, "could not build the minimal PySide6 app"
    ref = bench_bundle.dir_size(minimal)
    assert without_fonts <= 1.2 * ref, f"{without_fonts / 2**20:.0f} MB vs {ref / 2**20:.0f} MB"


@pytest.mark.build
@pytest.mark.slow
@build_only
@linux_only
def test_frozen_command_line(built_bundle, tmp_path):
    assert built_bundle.returncode == 0
    exe = str(BUNDLE / "yaofu")
    env = _env(YAOFU_DATA_DIR=str(tmp_path / "data"))
    env.pop("YAOFU_RESOURCES", None)
    r = subprocess.run([exe, "--version"], capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0 and r.stdout.startswith("法治台账 ")
    db = tmp_path / "d.db"
    r = subprocess.run([exe, "demo", "--db", str(db)], capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([exe, "report", "--db", str(db), "--out", str(tmp_path / "r.docx")],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.docx").stat().st_size > 1000
    # the inspection binder: the demo's drawn photos and its scanned agreement, frozen
    r = subprocess.run([exe, "binder", "--db", str(db), "--area", "disputes", "--out", str(tmp_path / "b.pdf")],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    assert "扫描件 1 页" in r.stdout
    # fontTools (pure Python in the bundle) reads a font's names: the report's search of the
    # system fonts, here a folder with one font, writes what it read to its cache
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "simfang.ttf").write_bytes((ROOT / "resources" / "fonts" / "YaofuFang.ttf").read_bytes())
    env.update(YAOFU_FONT_DIRS=str(fonts), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("YAOFU_NO_FONT_CACHE", None)
    r = subprocess.run([exe, "report", "--db", str(db), "--out", str(tmp_path / "r.pdf")],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    scan = (tmp_path / "cache" / "yaofu_desktop" / "font-scan.json").read_text(encoding="utf-8")
    assert "Yaofu Fang" in scan, scan[:500]
