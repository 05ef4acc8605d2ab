#!/usr/bin/env bash
# Build the one-folder Linux bundle of 法治台账 and run its self-test.
#
#   packaging/build_linux.sh [--no-test] [--tar] [--clean]
#
# Output: packaging/dist/FazhiTaizhang/ (run ./yaofu; ./yaofu --self-test)
#
# Python environment, first that applies:
#   1. $YAOFU_BUILD_PYTHON — an interpreter that already has the app's dependencies + PyInstaller;
#   2. the active virtualenv ($VIRTUAL_ENV), if it can import all of them;
#   3. packaging/build/venv, created here from pyproject.toml (dependencies + the "build" and
#      "fonts" extras; the app itself is built from this source tree, not installed). Re-used
#      while pyproject.toml is unchanged. Offline: point pip at a wheel folder, e.g.
#      PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/wheels packaging/build_linux.sh
#
# The self-test runs with no Chinese system fonts visible (a fontconfig setup with no fonts in
# it), from a neutral folder, with none of the YAOFU_* overrides: the bundle must be complete.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
BUILD="$HERE/build"
DIST="$HERE/dist"
APP="$DIST/FazhiTaizhang"

run_test=1; make_tar=0; clean=0
for arg in "$@"; do
  case "$arg" in
    --no-test) run_test=0 ;;
    --tar) make_tar=1 ;;
    --clean) clean=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
mkdir -p "$BUILD"
[ "$clean" = 1 ] && rm -rf "$BUILD/pyi" "$APP"

# ---------------------------------------------------------------- the Python environment
CHECK_IMPORTS='import PyInstaller, PySide6.QtUiTools, reportlab, docx, openpyxl, sqlite_utils, platformdirs, fontTools'

py=""
if [ -n "${YAOFU_BUILD_PYTHON:-}" ]; then
  py="$YAOFU_BUILD_PYTHON"
  "$py" -c "$CHECK_IMPORTS" || { echo "YAOFU_BUILD_PYTHON=$py lacks a dependency (see above)" >&2; exit 2; }
  say "Python: $py (YAOFU_BUILD_PYTHON)"
elif [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ] \
     && "$VIRTUAL_ENV/bin/python" -c "$CHECK_IMPORTS" 2>/dev/null; then
  py="$VIRTUAL_ENV/bin/python"
  say "Python: $py (active virtualenv)"
else
  venv="$BUILD/venv"
  base_py="${PYTHON:-python3}"
  stamp="$venv/.yaofu-requirements"
  reqs="$("$base_py" - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))["project"]
reqs = list(p["dependencies"])
for extra in ("build", "fonts"):
    reqs += p.get("optional-dependencies", {}).get(extra, [])
print("\n".join(reqs))
EOF
)"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$reqs" ] \
     || ! "$venv/bin/python" -c "$CHECK_IMPORTS" 2>/dev/null; then
    say "Creating $venv"
    rm -rf "$venv"
    "$base_py" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip || true
    printf '%s\n' "$reqs" > "$BUILD/requirements-build.txt"
    "$venv/bin/python" -m pip install -q -r "$BUILD/requirements-build.txt"
    printf '%s' "$reqs" > "$stamp"
  fi
  py="$venv/bin/python"
  say "Python: $py (packaging/build/venv)"
fi
"$py" -c 'import sys, PyInstaller, PySide6; print(f"Python {sys.version.split()[0]}, PyInstaller {PyInstaller.__version__}, PySide6 {PySide6.__version__}")'

# ---------------------------------------------------------------- build
say "PyInstaller (log: $BUILD/pyinstaller.log)"
start=$(date +%s)
if ! (cd "$ROOT" && "$py" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$DIST" --workpath "$BUILD/pyi" "$HERE/yaofu.spec") >"$BUILD/pyinstaller.log" 2>&1; then
  tail -40 "$BUILD/pyinstaller.log" >&2
  echo "PyInstaller failed" >&2
  exit 1
fi
echo "built in $(( $(date +%s) - start )) s: $APP"
grep -E '^yaofu.spec:' "$BUILD/pyinstaller.log" || true

# Libraries the bundle expects the system to provide: informative (the X11/xcb ones exist on
# any desktop; on a headless build machine they may not).
missing="$(cd "$APP/_internal" && find . -name '*.so*' -type f -print0 \
  | LD_LIBRARY_PATH="$APP/_internal:$APP/_internal/PySide6/Qt/lib" xargs -0 -n 20 ldd 2>/dev/null \
  | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
[ -n "$missing" ] && echo "system libraries not on this machine (needed only by some plugins): $missing"

total_kb=$(du -sk "$APP" | cut -f1)
fonts_kb=$(du -sk "$APP/_internal/resources/fonts" 2>/dev/null | cut -f1 || echo 0)
printf 'bundle size: %d MB (%d MB without the bundled fonts)\n' $(( total_kb / 1024 )) $(( (total_kb - fonts_kb) / 1024 ))

# ---------------------------------------------------------------- self-test
if [ "$run_test" = 1 ]; then
  say "Self-test of the frozen app (no Chinese system fonts visible, offscreen)"
  nofonts="$BUILD/nofonts"
  mkdir -p "$nofonts/fonts" "$nofonts/cache"
  cat > "$nofonts/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$nofonts/fonts</dir>
  <cachedir>$nofonts/cache</cachedir>
</fontconfig>
EOF
  set +e
  (cd / && env -u YAOFU_RESOURCES -u YAOFU_DATA_DIR -u YAOFU_FONT_DIRS -u PYTHONPATH -u PYTHONHOME \
      -u DISPLAY -u WAYLAND_DISPLAY \
      QT_QPA_PLATFORM=offscreen FONTCONFIG_FILE="$nofonts/fonts.conf" HOME="$nofonts/home" \
      XDG_DATA_HOME="$nofonts/home/data" XDG_CACHE_HOME="$nofonts/home/cache" \
      XDG_CONFIG_HOME="$nofonts/home/config" \
      "$APP/yaofu" --self-test)
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    echo "self-test FAILED (exit $rc)" >&2
    exit $rc
  fi
fi

if [ "$make_tar" = 1 ]; then
  version="$("$py" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
  tarball="$DIST/FazhiTaizhang-$version-linux-$(uname -m).tar.gz"
  say "Archive $tarball"
  tar -C "$DIST" -czf "$tarball" FazhiTaizhang
fi
say "done: $APP"
