"""Frozen bundle (packaging/dist/FazhiTaizhang, made by packaging/build_linux.sh):

* size without the bundled fonts ≤ 1.2 × a minimal PySide6 widgets app (a QLabel) frozen by the
  same PyInstaller from the same Python, one-folder, default options. The minimal app is built
  once into the temp folder and cached (keyed by PySide6, PyInstaller and the Python);
* start-up, frozen vs ``python main.py`` (same machine, same database, offscreen): wall time of
  the whole process from launch until the main window has painted its first ledger table
  (``YAOFU_EXIT_AFTER_FIRST_PAINT``, the GUI's own benchmark hook), best of 5; the target is the
  frozen app taking at most 1.25 × the source run (it adds unpacking nothing — one-folder — but
  does import from an archive). ``--version`` (interpreter start-up only) is shown in the note.

Nothing is built here except the cached minimal app; without the bundle the module gives no rows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import Row

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "packaging" / "dist" / "FazhiTaizhang"
EXE = BUNDLE / ("yaofu.exe" if sys.platform == "win32" else "yaofu")

MINIMAL_APP = '''import sys
from PySide6.QtWidgets import QApplication, QLabel


def main():
    app = QApplication(sys.argv)
    w = QLabel("hello")
    w.show()
    if "--quit" in sys.argv:
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
'''


def dir_size(path: Path, exclude: Path | None = None) -> int:
    """Bytes of the files under path (symlinks not followed), optionally leaving out a subfolder."""
    total = 0
    for p in path.rglob("*"):
        if exclude is not None and (p == exclude or exclude in p.parents):
            continue
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def bundle_size_without_fonts(bundle: Path = BUNDLE) -> tuple[int, int]:
    """(total bytes, bytes without resources/fonts) of the bundle."""
    internal = bundle / "_internal"
    fonts = (internal if internal.is_dir() else bundle) / "resources" / "fonts"
    return dir_size(bundle), dir_size(bundle, exclude=fonts)


def minimal_bundle(python: str = sys.executable) -> Path | None:
    """The minimal PySide6 widgets app, frozen like ours (one folder); built once and cached."""
    # The key names the interpreter too (its version and installation): a Python built with
    # debug information (pyenv's: libpython 22 MB) against a distribution's stripped one (7 MB)
    # is not "frozen the same way".
    probe = ("import hashlib, platform, sys, PySide6, PyInstaller; "
             "print(PySide6.__version__, PyInstaller.__version__, platform.python_version(), "
             "hashlib.sha256(sys.base_prefix.encode()).hexdigest()[:8])")
    try:
        out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    key = f"pyside{out[0]}_pyi{out[1]}_py{out[2]}-{out[3]}_{sys.platform}"
    base = Path(tempfile.gettempdir()) / "yaofu_minimal_pyside_app" / key
    dist = base / "dist" / "minimal"
    done = base / "built.ok"
    if done.exists() and dist.is_dir():
        return dist
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    (base / "minimal_app.py").write_text(MINIMAL_APP, encoding="utf-8")
    r = subprocess.run(
        [python, "-m", "PyInstaller", "--noconfirm", "--onedir", "--name", "minimal",
         "--log-level", "WARN", "--distpath", str(base / "dist"), "--workpath", str(base / "build"),
         "--specpath", str(base), str(base / "minimal_app.py")],
        capture_output=True, text=True, cwd=base,
    )
    if r.returncode != 0 or not dist.is_dir():
        print(f"bench_bundle: building the minimal app failed:\n{r.stderr[-2000:]}", file=sys.stderr)
        return None
    done.write_text("ok")
    return dist


def _best_wall(cmd: list[str], env: dict, n: int = 5, timeout: float = 60) -> float | None:
    best = None
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, cwd=tempfile.gettempdir())
        dt = time.perf_counter() - t
        if r.returncode != 0:
            print(f"bench_bundle: {' '.join(cmd)} exited {r.returncode}: "
                  f"{r.stderr.decode('utf-8', 'replace')[-500:]}", file=sys.stderr)
            return None
        best = dt if best is None else min(best, dt)
    return best


def run(ctx) -> list[Row]:
    if not EXE.exists():
        print(f"bench_bundle: no bundle at {BUNDLE} (build it with packaging/build_linux.sh); skipped",
              file=sys.stderr)
        return []
    rows: list[Row] = []
    mb = 1024 * 1024

    total, without_fonts = bundle_size_without_fonts()
    minimal = minimal_bundle()
    if minimal is not None:
        ref = dir_size(minimal)
        rows.append(Row(
            "bundle size, fonts aside, vs minimal PySide6 app",
            without_fonts / ref, 1.2, "×",
            f"{without_fonts / mb:.0f} MB vs {ref / mb:.0f} MB (with fonts {total / mb:.0f} MB)",
        ))
    else:
        rows.append(Row("bundle size, fonts aside", without_fonts / mb, 220, "MB",
                        "minimal app could not be built; absolute size only"))

    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        YAOFU_DATA_DIR=str(ctx.scratch / "bundle-data"),
        YAOFU_EXIT_AFTER_FIRST_PAINT="1",
    )
    for k in ("YAOFU_RESOURCES", "PYTHONPATH"):
        env.pop(k, None)
    db = ctx.copy_of(ctx.demo_db, "bundle_start.db")
    frozen = _best_wall([str(EXE), "--db", str(db)], env)
    source = _best_wall([sys.executable, str(ROOT / "main.py"), "--db", str(db)], env)
    env.pop("YAOFU_EXIT_AFTER_FIRST_PAINT")
    v_frozen = _best_wall([str(EXE), "--version"], env)
    v_source = _best_wall([sys.executable, str(ROOT / "main.py"), "--version"], env)
    if frozen and source:
        version_note = (f"; --version {v_frozen:.2f} s vs {v_source:.2f} s"
                        if v_frozen and v_source else "")
        rows.append(Row(
            "start-up to first paint, frozen / python main.py",
            frozen / source, 1.25, "×",
            f"{frozen:.2f} s vs {source:.2f} s (wall, offscreen, demo db){version_note}",
        ))
    return rows


if __name__ == "__main__":  # python benchmarks/bench_bundle.py: the bundle rows alone
    from run import Context

    from yaofu_desktop.demo import create_demo

    scratch = Path(tempfile.mkdtemp(prefix="yaofu_bench_bundle_"))
    try:
        c = Context(scratch / "none.db", create_demo(scratch / "demo.db"), scratch)
        for r in run(c):
            print(f"{r.name}: {r.measured:.3f} {r.unit} (target ≤ {r.target}) {'ok' if r.ok else 'NO'} — {r.note}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
