<#
.SYNOPSIS
  Build 法治台账 for Windows: the PyInstaller one-folder bundle, its self-test, and the installer.

.DESCRIPTION
  packaging\build_windows.ps1 [-NoTest] [-NoInstaller] [-Clean]

  Output:
    packaging\dist\FazhiTaizhang\                      FazhiTaizhang.exe (window), yaofu.exe (console)
    packaging\dist\FazhiTaizhang-<version>-setup.exe  the installer (needs Inno Setup 6.3+)

  Python environment, first that applies:
    1. $env:YAOFU_BUILD_PYTHON — a python.exe that already has the app's dependencies + PyInstaller;
    2. the active virtualenv ($env:VIRTUAL_ENV) if it can import all of them;
    3. packaging\build\venv, created from pyproject.toml with `py -3` (or python.exe on PATH):
       the dependencies plus the "build" and "fonts" extras (the app is built from this tree).
       Offline: $env:PIP_NO_INDEX=1; $env:PIP_FIND_LINKS="D:\wheels" before running.

  Inno Setup: $env:ISCC, else ISCC.exe on PATH, else the usual install folders. The version comes
  from pyproject.toml and is passed as /DAppVersion=… .

  Run from any folder:  powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
#>
[CmdletBinding()]
param(
  [switch]$NoTest,
  [switch]$NoInstaller,
  [switch]$Clean
)

$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Root = Split-Path -Parent $Here
$Build = Join-Path $Here "build"
$Dist = Join-Path $Here "dist"
$App = Join-Path $Dist "FazhiTaizhang"
$CheckImports = "import PyInstaller, PySide6.QtUiTools, reportlab, docx, openpyxl, sqlite_utils, platformdirs, fontTools"

function Say($text) { Write-Host ""; Write-Host "== $text" -ForegroundColor Cyan }

function Test-Python($exe) {
  if (-not $exe -or -not (Test-Path $exe)) { return $false }
  $ErrorActionPreference = "Continue"  # PowerShell 5.1 turns redirected stderr into errors
  & $exe -c $CheckImports 2>$null | Out-Null
  return ($LASTEXITCODE -eq 0)
}

New-Item -ItemType Directory -Force -Path $Build | Out-Null
if ($Clean) {
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Build "pyi"), $App
}

# ------------------------------------------------------------------ the Python environment
$Py = $null
if ($env:YAOFU_BUILD_PYTHON) {
  if (-not (Test-Python $env:YAOFU_BUILD_PYTHON)) { throw "YAOFU_BUILD_PYTHON=$($env:YAOFU_BUILD_PYTHON) lacks a dependency" }
  $Py = $env:YAOFU_BUILD_PYTHON
  Say "Python: $Py (YAOFU_BUILD_PYTHON)"
} elseif ($env:VIRTUAL_ENV -and (Test-Python (Join-Path $env:VIRTUAL_ENV "Scripts\python.exe"))) {
  $Py = Join-Path $env:VIRTUAL_ENV "Scripts\python.exe"
  Say "Python: $Py (active virtualenv)"
} else {
  $Venv = Join-Path $Build "venv"
  $VenvPy = Join-Path $Venv "Scripts\python.exe"
  if (Get-Command py -ErrorAction SilentlyContinue) { $BaseExe = "py"; $BaseArgs = @("-3") }
  else { $BaseExe = "python"; $BaseArgs = @() }
  $ReqScript = @'
import sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))["project"]
reqs = list(p["dependencies"])
for extra in ("build", "fonts"):
    reqs += p.get("optional-dependencies", {}).get(extra, [])
print("\n".join(reqs))
'@
  $ReqFile = Join-Path $Build "requirements-build.txt"
  $Stamp = Join-Path $Venv ".yaofu-requirements"
  # (a script file, not -c: Windows PowerShell 5.1 drops the double quotes inside native arguments)
  $ReqPy = Join-Path $Build "requirements_from_pyproject.py"
  Set-Content -Path $ReqPy -Value $ReqScript -Encoding ASCII
  $Reqs = (& $BaseExe @BaseArgs $ReqPy (Join-Path $Root "pyproject.toml")) -join "`n"
  if ($LASTEXITCODE -ne 0) { throw "Python 3.11+ is needed to read pyproject.toml" }
  $Old = if (Test-Path $Stamp) { Get-Content -Raw $Stamp } else { "" }
  if (-not (Test-Python $VenvPy) -or ($Old.Trim() -ne $Reqs.Trim())) {
    Say "Creating $Venv"
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Venv
    & $BaseExe @BaseArgs -m venv $Venv
    if ($LASTEXITCODE -ne 0) { throw "could not create the venv" }
    & $VenvPy -m pip install -q --upgrade pip
    Set-Content -Path $ReqFile -Value $Reqs -Encoding UTF8
    & $VenvPy -m pip install -q -r $ReqFile
    if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
    Set-Content -Path $Stamp -Value $Reqs -Encoding UTF8
  }
  $Py = $VenvPy
  Say "Python: $Py (packaging\build\venv)"
}
& $Py -c "import sys, PyInstaller, PySide6; print(f'Python {sys.version.split()[0]}, PyInstaller {PyInstaller.__version__}, PySide6 {PySide6.__version__}')"
$Version = (& $Py -c "import tomllib,sys; print(tomllib.load(open(sys.argv[1],'rb'))['project']['version'])" (Join-Path $Root "pyproject.toml")).Trim()

# ------------------------------------------------------------------ build
Say "PyInstaller (log: $Build\pyinstaller.log)"
$Log = Join-Path $Build "pyinstaller.log"
$sw = [Diagnostics.Stopwatch]::StartNew()
Push-Location $Root
try {
  # PyInstaller logs to stderr; keep it in the log file, not as PowerShell errors.
  $ErrorActionPreference = "Continue"
  & $Py -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath (Join-Path $Build "pyi") (Join-Path $Here "yaofu.spec") *> $Log
  $rc = $LASTEXITCODE
  $ErrorActionPreference = "Stop"
} finally { Pop-Location }
if ($rc -ne 0) { Get-Content $Log -Tail 40; throw "PyInstaller failed" }
Write-Host ("built in {0:N0} s: {1}" -f $sw.Elapsed.TotalSeconds, $App)
Select-String -Path $Log -Pattern "^yaofu.spec:" | ForEach-Object { $_.Line }

$Total = (Get-ChildItem -Recurse -File $App | Measure-Object -Sum Length).Sum
$FontsDir = Join-Path $App "_internal\resources\fonts"
$Fonts = if (Test-Path $FontsDir) { (Get-ChildItem -Recurse -File $FontsDir | Measure-Object -Sum Length).Sum } else { 0 }
Write-Host ("bundle size: {0:N0} MB ({1:N0} MB without the bundled fonts)" -f ($Total / 1MB), (($Total - $Fonts) / 1MB))

# ------------------------------------------------------------------ self-test
if (-not $NoTest) {
  Say "Self-test of the frozen app (offscreen)"
  $saved = @{}
  foreach ($k in "QT_QPA_PLATFORM", "YAOFU_RESOURCES", "YAOFU_DATA_DIR", "YAOFU_FONT_DIRS", "PYTHONPATH", "PYTHONHOME") {
    $saved[$k] = [Environment]::GetEnvironmentVariable($k, "Process")
    [Environment]::SetEnvironmentVariable($k, $null, "Process")
  }
  $env:QT_QPA_PLATFORM = "offscreen"
  Push-Location $env:TEMP
  try {
    & (Join-Path $App "yaofu.exe") --self-test
    $rc = $LASTEXITCODE
  } finally {
    Pop-Location
    foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k], "Process") }
  }
  if ($rc -ne 0) { throw "self-test FAILED (exit $rc)" }
}

# ------------------------------------------------------------------ installer
if (-not $NoInstaller) {
  $Iscc = $env:ISCC
  if (-not $Iscc) {
    $cmd = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($cmd) { $Iscc = $cmd.Source }
  }
  if (-not $Iscc) {
    foreach ($d in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA "Programs"))) {
      if (-not $d) { continue }
      $c = Join-Path $d "Inno Setup 6\ISCC.exe"
      if (Test-Path $c) { $Iscc = $c; break }
    }
  }
  if (-not $Iscc) {
    Write-Warning "Inno Setup (ISCC.exe) not found: no installer made. Install Inno Setup 6.3+ or set `$env:ISCC."
  } else {
    Say "Installer ($Iscc, version $Version)"
    & $Iscc "/DAppVersion=$Version" "/DSourceDir=$App" "/DOutputDir=$Dist" (Join-Path $Here "installer.iss")
    if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
    Write-Host "installer: $(Join-Path $Dist "FazhiTaizhang-$Version-setup.exe")"
  }
}
Say "done: $App"
