"""`--self-test`: run every part of the app once, headless, on a throw-away database.

    python main.py --self-test          (source checkout)
    yaofu --self-test                   (frozen build: Linux ``yaofu``, Windows ``yaofu.exe``)

Made for the frozen build: a module, data file, font, Qt plugin or translation that the bundle
left out shows up here as a failed step instead of in front of the clerk. Each step prints one
line — ``通过  <step>  0.12 s`` or ``失败  <step>  <reason>`` — and the exit code is 0 only when
every step passed. Everything happens in a temporary folder (also the data folder: settings and
logs never touch the clerk's own); the window is opened on Qt's ``offscreen`` platform unless
``QT_QPA_PLATFORM`` says otherwise.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PASS, FAIL = "通过", "失败"
DETAIL_MAX = 300  # characters of a failure's detail


class StepFailed(Exception):
    """A step's own verdict (a clear reason, no traceback wanted)."""


@dataclass
class Result:
    name: str
    ok: bool
    seconds: float
    detail: str = ""
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    """Keeps the log warnings of a step (shown on its line instead of as loose stderr noise)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001
            pass


def _short(text: str, limit: int = DETAIL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(exc: BaseException) -> str:
    """One line: the message, and where it happened (last frame of our code) for the unexpected."""
    if isinstance(exc, StepFailed):
        return str(exc)
    message = getattr(exc, "message", None) or str(exc) or ""
    where = ""
    tb = traceback.extract_tb(exc.__traceback__)[1:]  # [0] is run_steps, which caught it
    if tb:
        ours = [f for f in tb if "yaofu_desktop" in f.filename.replace("\\", "/")] or tb
        f = ours[-1]
        where = f" @ {Path(f.filename).name}:{f.lineno}"
    return f"{type(exc).__name__}: {message}{where}"


# ---------------------------------------------------------------------------------------------
# The steps. Each takes the shared context and returns an optional note for its line.
# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    tmp: Path
    db: Path | None = None
    year: int | None = None
    workbooks: list[Path] = field(default_factory=list)


def step_resources(ctx: Context) -> str:
    """The bundled files the app reads at run time are where the code looks for them."""
    from ..resources import resource_path, resource_root

    missing = []
    for parts in (("wording", "default.toml"), ("wording", "suggestions.toml"), ("translations", "qtbase_zh_CN.qm")):
        if not resource_path(*parts).is_file():
            missing.append("/".join(parts))
    try:
        from ..report.fonts import BUNDLED

        for file, _family, _ps in BUNDLED.values():
            if not resource_path("fonts", file).is_file():
                missing.append(f"fonts/{file}")
    except ImportError as e:
        missing.append(f"report.fonts ({e})")
    if missing:
        raise StepFailed(f"资源文件缺失（{resource_root()}）：{'、'.join(missing)}")
    try:
        import docx

        template = Path(docx.__file__).parent / "templates" / "default.docx"
        if not template.is_file():
            raise StepFailed(f"缺少 python-docx 的模板：{template}")
    except ImportError as e:
        raise StepFailed(f"缺少 python-docx：{e}") from e
    return ""


def step_demo(ctx: Context) -> str:
    from ..demo import create_demo
    from ..store import Store

    ctx.db = create_demo(ctx.tmp / "自检示例.db")
    with Store.open(ctx.db, readonly=True) as store:
        n = sum(store.counts.all().values())
        ctx.year = store.report_year()
    if n == 0:
        raise StepFailed("示例数据库中没有记录")
    return f"{n} 条记录"


def _need_db(ctx: Context) -> Path:
    if ctx.db is None or not ctx.db.exists():
        raise StepFailed("没有示例数据库（上一步失败）")
    return ctx.db


def _compose(ctx: Context):
    from ..report.compose import compose
    from ..store import Store

    with Store.open(_need_db(ctx), readonly=True) as store:
        comp = compose(store, ctx.year or store.report_year())
    if comp.errors:
        raise StepFailed(f"报告检查有 {len(comp.errors)} 个错误：{comp.errors[0]}")
    return comp


def step_report_pdf(ctx: Context) -> str:
    from ..report.render import render

    comp = _compose(ctx)
    out = ctx.tmp / "自检报告.pdf"
    what, result = render(comp.document, out)
    if not out.is_file() or out.stat().st_size < 1000:
        raise StepFailed("没有生成 PDF 文件")
    with open(out, "rb") as f:
        if f.read(5) != b"%PDF-":
            raise StepFailed("生成的文件不是 PDF")
    missing = getattr(result, "missing_chars", None)
    if missing:
        raise StepFailed(f"有 {len(missing)} 个字没有字体：{''.join(sorted(missing))[:40]}")
    return what


def step_report_docx(ctx: Context) -> str:
    from ..report.render import render

    comp = _compose(ctx)
    out = ctx.tmp / "自检报告.docx"
    render(comp.document, out)
    try:
        with zipfile.ZipFile(out) as z:
            xml = z.read("word/document.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        raise StepFailed(f"生成的 Word 文档无法打开：{e}") from e
    # The body text (not just the metadata) must carry the report: look for its first sentence.
    first = next((r.text for b in comp.document.blocks for r in b.runs if len(r.text.strip()) >= 6), "")
    if first and first.strip()[:6] not in xml:
        raise StepFailed("Word 文档中找不到报告正文")
    return f"{out.stat().st_size // 1024} KB"


def _ledger_figures(store, year: int) -> dict[str, object]:
    from ..figures import compute

    return {f.key: f.value for f in compute(store, year) if f.ledger}


def step_excel_export(ctx: Context) -> str:
    """Export every year of the sample (a figure may count records of another year: a document
    made in 2024 and cleaned in 2025), one workbook each."""
    try:
        from ..excel import export_workbook
    except ImportError as e:
        raise StepFailed(f"Excel 功能不可用：{e}") from e
    from ..store import Store

    ctx.workbooks = []
    with Store.open(_need_db(ctx), readonly=True) as store:
        years = store.counts.years() or [ctx.year or store.report_year()]
        for year in years:
            out = ctx.tmp / f"自检台账{year}.xlsx"
            export_workbook(store, year, out)
            if not out.is_file() or not zipfile.is_zipfile(out):
                raise StepFailed(f"没有生成 {year} 年的 Excel 文件")
            ctx.workbooks.append(out)
    size = sum(p.stat().st_size for p in ctx.workbooks) // 1024
    return f"{len(ctx.workbooks)} 个年度，{size} KB"


def step_excel_import(ctx: Context) -> str:
    """Import the workbooks into a new database: every figure of the report year must match."""
    try:
        from ..excel import apply_import, read_workbook
    except ImportError as e:
        raise StepFailed(f"Excel 功能不可用：{e}") from e
    from ..store import Store

    if not ctx.workbooks:
        raise StepFailed("没有导出的 Excel 文件（上一步失败）")
    with Store.open(_need_db(ctx), readonly=True) as src:
        year = ctx.year or src.report_year()
        profile = src.profile()
        want = _ledger_figures(src, year)
    profile.pop("villages", None)
    target = ctx.tmp / "自检导入.db"
    with Store.open(target, create=True, profile=profile) as store:
        for workbook in ctx.workbooks:
            plan = read_workbook(workbook, store)
            problems = list(getattr(plan, "problems", []) or [])
            if problems:
                first = problems[0].line() if hasattr(problems[0], "line") else problems[0]
                raise StepFailed(f"{workbook.name}：导入检查发现 {len(problems)} 个问题，第一个：{first}")
            apply_import(store, plan)
        got = _ledger_figures(store, year)
        n_got = sum(store.counts.all().values())
    diff = [k for k in want if want[k] != got.get(k)]
    if diff:
        k = diff[0]
        raise StepFailed(f"导入后有 {len(diff)} 项统计数字不同，如 {k}：{want[k]} → {got.get(k)}")
    return f"{n_got} 条记录，{year}年 {len(want)} 项统计数字一致"


def step_backup(ctx: Context) -> str:
    from ..backup import make_backup, restore_backup, verify_backup
    from ..store import Store

    db = _need_db(ctx)
    info = make_backup(db, ctx.tmp / "备份", label="自检")
    checked = verify_backup(info.path)
    if not checked.ok:
        raise StepFailed("备份文件未通过校验")
    if not checked.verified:
        raise StepFailed("备份中的佐证材料未通过校验：" + "；".join(checked.attachment_problems[:3]))
    with Store.open(db, readonly=True) as store:
        before = store.counts.all()
    # Change the database and lose the attachment folder, then restore: both must come back.
    from ..blobs import folder_for

    with Store.open(db) as store:
        store.conn.execute("DELETE FROM profile WHERE key = 'operator'")
    shutil.rmtree(folder_for(db), ignore_errors=True)
    restore_backup(info.path, db, keep_dir=ctx.tmp / "恢复前", label="自检")
    with Store.open(db, readonly=True) as store:
        after = store.counts.all()
        operator = store.profile().get("operator")
        problems = store.attachments.check()
    if after != before or not operator:
        raise StepFailed("恢复后的数据库与备份不一致")
    if problems:
        raise StepFailed("恢复后的佐证材料不完整：" + problems[0].text)
    return f"{info.total_records} 条记录，{checked.attachments} 个佐证材料文件"


def step_attachments(ctx: Context) -> str:
    """佐证材料: a phone's HEIC photo read (pi-heif; the bundled sample, since the app has no
    HEIC encoder), a PDF page drawn (pypdfium2), and the binder of one work area bound
    (reportlab + pypdf)."""
    from ..images import FileRefused, prepare, render_pdf_page
    from ..report.binder import build_binder
    from ..resources import resource_path
    from ..store import Store

    heic = resource_path("selftest", "photo.heic")
    if not heic.is_file():
        raise StepFailed(f"缺少 HEIC 样例照片：{heic}")
    try:
        got = prepare(heic)
    except FileRefused as e:
        raise StepFailed(str(e)) from None
    if got.ext != "jpg" or (got.width, got.height) != (1200, 900):
        raise StepFailed("HEIC 照片未能转换为 JPEG")
    with Store.open(_need_db(ctx), readonly=True) as store:
        scans = [r for r in store.attachments.all_rows() if r["kind"] == "scan"]
        if not scans:
            raise StepFailed("示例数据库中没有扫描件")
        page = render_pdf_page(store.attachments.path(scans[0]), 0, long_side=200)
        out = ctx.tmp / "自检汇编.pdf"
        result = build_binder(store, ctx.year or store.report_year(), out, area="disputes")
    if max(page.size) < 150:
        raise StepFailed("PDF 页面未能显示")
    if result.pages < 3 or result.scan_pages < 1:
        raise StepFailed("台账汇编不完整")
    return f"台账汇编 {result.pages} 页"


def step_window(ctx: Context) -> str:
    """The main window on a copy of the sample, as `run()` makes it, without the event loop."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = _need_db(ctx)
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as e:
        raise StepFailed(f"缺少 PySide6：{e}") from e
    try:
        from ..gui import i18n
        from ..gui.app import make_app
        from ..gui.main_window import MainWindow
    except ImportError as e:
        raise StepFailed(f"窗口模块不可用：{e}") from e

    # Qt's own warnings go to the step's line, not loose onto stderr (the offscreen platform's
    # "does not support propagateSizeHints()" is noise).
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")

    def qt_message(kind, _context, message) -> None:
        if "propagateSizeHints" in message:
            return
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_log.warning("Qt: %s", message)

    previous_handler = qInstallMessageHandler(qt_message)
    try:
        return _open_window(db, make_app, i18n, MainWindow)
    finally:
        qInstallMessageHandler(previous_handler)


def _open_window(db: Path, make_app, i18n, MainWindow) -> str:
    from PySide6.QtCore import QCoreApplication, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from ..store import Store

    hook = sys.excepthook
    try:
        app = make_app([sys.argv[0] if sys.argv else "yaofu"])
    finally:
        sys.excepthook = hook  # errors in the self-test stay in the self-test
    # Qt's own Chinese (buttons, file dialogs): the frozen build must carry qtbase_zh_CN.qm.
    found = [d for d in i18n.translation_dirs() if (d / "qtbase_zh_CN.qm").is_file()]
    if not found:
        raise StepFailed(f"找不到 Qt 中文翻译 qtbase_zh_CN.qm（已找：{'；'.join(map(str, i18n.translation_dirs()))}）")
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
        raise StepFailed("Qt 中文翻译未生效（“Cancel”没有译成“取消”）")
    if not any(i18n.ensure_font(f) for f in i18n.UI_FONTS):
        raise StepFailed("界面字体（resources/fonts 中的 Yaofu Hei / Yaofu Song）未能加载")

    # A dialog the window might raise (an error, a question) must not hang a headless run:
    # close it and report what it said.
    dialogs: list[str] = []

    def dismiss() -> None:
        w = QApplication.activeModalWidget()
        if w is not None:
            text = getattr(w, "text", None)
            dialogs.append(_short(text() if callable(text) else w.windowTitle(), 120))
            if hasattr(w, "reject"):
                w.reject()
            w.close()

    guard = QTimer()
    guard.setInterval(200)
    guard.timeout.connect(dismiss)
    guard.start()
    window = None
    store = Store.open(db)
    title = ""
    try:
        window = MainWindow(store)
        window.tab_widget("report")  # 报告 and Excel are made when first used: their code
        window.excel()  # must be in the bundle too
        window.show()
        deadline = time.perf_counter() + 2.0
        while time.perf_counter() < deadline and not window.isVisible():
            app.processEvents()
        for _ in range(20):
            app.processEvents()
        if not window.isVisible():
            raise StepFailed("主窗口没有显示")
        title = window.windowTitle()
        if dialogs:
            raise StepFailed(f"打开窗口时弹出了对话框：{dialogs[0]}")
    finally:
        guard.stop()
        if window is not None:
            window.close()
            QThreadPool.globalInstance().waitForDone(5000)
            for _ in range(10):
                app.processEvents()
            store = getattr(window, "store", store)  # the window may have switched databases
            window.deleteLater()
            app.processEvents()
        try:
            store.close()
        except Exception:  # noqa: BLE001 - already closed by the window
            pass
    platform = QApplication.platformName() or os.environ["QT_QPA_PLATFORM"]
    return f"{platform}，“{_short(title, 40)}”" if title else platform


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("资源文件", step_resources),
    ("示例数据库", step_demo),
    ("报告 PDF", step_report_pdf),
    ("报告 Word", step_report_docx),
    ("Excel 导出", step_excel_export),
    ("Excel 导入", step_excel_import),
    ("备份与恢复", step_backup),
    ("佐证材料与台账汇编", step_attachments),
    ("主窗口", step_window),
]


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Chinese characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _console_utf8() -> None:
    """Windows console: show the UTF-8 the command line writes (Chinese) as Chinese."""
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.kernel32.SetConsoleOutputCP(65001)
        except Exception:  # noqa: BLE001 - no console (windowed program), nothing to fix
            pass


def _print(line: str) -> None:
    out = sys.stdout
    if out is None:  # windowed program on Windows: nowhere to print
        return
    try:
        print(line, flush=True)
    except (OSError, ValueError):
        pass


def run_steps(steps=None, *, out: Callable[[str], None] = _print) -> list[Result]:
    """Run the steps; one line each through `out`. Returns the results."""
    steps = STEPS if steps is None else steps
    results: list[Result] = []
    tmp = Path(tempfile.mkdtemp(prefix="yaofu_selftest_"))
    saved_env = {k: os.environ.get(k) for k in ("YAOFU_DATA_DIR",)}
    os.environ["YAOFU_DATA_DIR"] = str(tmp / "数据")
    ctx = Context(tmp)
    root = logging.getLogger()
    collect = _Collect()
    root.addHandler(collect)
    # Without a handler of its own, Python prints warnings to stderr; the handler above keeps them.
    try:
        width = max(_width(name) for name, _ in steps)
        for name, fn in steps:
            collect.messages = []
            t = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    note = fn(ctx) or ""
                r = Result(name, True, time.perf_counter() - t, note, list(collect.messages))
            except BaseException as e:  # every failure becomes one line
                if isinstance(e, KeyboardInterrupt):
                    raise
                r = Result(name, False, time.perf_counter() - t, _short(_describe(e)), list(collect.messages))
            results.append(r)
            pad = name + " " * (width - _width(name))
            if r.ok:
                extra = f"（{r.detail}）" if r.detail else ""
                if r.warnings:
                    extra += f"  [{len(r.warnings)} 条警告：{_short(r.warnings[0], 120)}]"
                out(f"{PASS}  {pad}  {r.seconds:6.2f} s  {extra}".rstrip())
            else:
                out(f"{FAIL}  {pad}  {r.detail}")
    finally:
        root.removeHandler(collect)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        left = _remove_folder(tmp)
        if left:
            results.append(Result(CLEANUP, False, 0.0, left))
            out(f"{FAIL}  {CLEANUP}  {left}")
    return results


CLEANUP = "清理临时文件夹"


def _remove_folder(tmp: Path) -> str:
    """Delete the self-test's folder; '' when it is gone, else what is left and why. The log
    file in it is closed first: Windows deletes no file that is still open. A virus scanner or
    the search indexer may hold a new file for a moment, hence the few retries."""
    from ..applog import close_log_file

    close_log_file()
    error: OSError | None = None
    for pause in (0.0, 0.2, 0.5, 1.0):
        time.sleep(pause)
        try:
            shutil.rmtree(tmp)
            return ""
        except FileNotFoundError:
            return ""
        except OSError as e:
            error = e
    left = [str(p.relative_to(tmp)) for p in sorted(tmp.rglob("*")) if p.is_file()][:3]
    why = f"{type(error).__name__}: {error}" if error else ""
    return _short(f"未能删除 {tmp}（还剩 {'、'.join(left) or '空文件夹'}；{why}）")


def run() -> int:
    """`--self-test`: 0 when every step passed, 1 otherwise."""
    _console_utf8()
    from .. import __version__

    frozen = "（打包版）" if getattr(sys, "frozen", False) else "（源代码）"
    _print(f"法治台账 {__version__} 自检{frozen}")
    t = time.perf_counter()
    results = run_steps()
    failed = [r for r in results if not r.ok]
    total = time.perf_counter() - t
    if failed:
        _print(f"自检未通过：{len(failed)} 项失败（共 {len(results)} 项，用时 {total:.1f} 秒）")
        return 1
    _print(f"自检通过：{len(results)} 项全部通过（用时 {total:.1f} 秒）")
    return 0
