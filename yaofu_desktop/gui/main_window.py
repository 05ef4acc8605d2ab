"""The main window: a tab per work area, the 概览 tab, a year switcher that every tab follows.

The window's skeleton (menus, actions, tool bar, status bar) is ui/main_window.ui. Later
features plug in without touching this file:

    win.menuFile / menuEdit / menuYear / menuView / menuHelp / menuRecent   (QMenu)
    win.add_action("menuFile", action, before=win.actionPrint)  # or win.menuFile.addAction(...)
    win.add_tab(widget, "报告", key="report")                   # appended after 概览
    win.add_status_widget(widget)                               # status bar, right side
    win.set_last_backup(datetime)                                # "上次备份：…" slot
    win.run_task(fn, *args, on_done=..., busy="正在生成报告…")    # off the window's thread
    win.storeChanged(store) / win.yearChanged(int) / win.dataChanged(str ledger)   (signals)
    win.reload()                                                 # after data changed elsewhere
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMargins, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError
from ..ledgers import AREAS, LEDGERS
from ..store import RecordQuery, Store
from . import dialogs
from .area_tab import AreaTab
from .ledger_panel import LedgerPanel
from .settings import add_recent_file, app_settings, int_value, recent_files
from .uiload import load_ui

log = logging.getLogger(__name__)

OVERVIEW_KEY = "overview"
# A save waits this long for another program's write (a second copy of the program, an import)
# before the clerk is told the database is in use: the window must not freeze for the store's 10 s.
WRITE_WAIT_SECONDS = 2.0


class LazyTab(QWidget):
    """A tab whose content is made the first time it is shown (keeps start-up fast)."""

    def __init__(self, key: str, factory: Callable[[], QWidget], parent=None):
        super().__init__(parent)
        self.key = key
        self.factory = factory
        self.content: QWidget | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.content is None:
            self.content = self.factory()
            self.layout().addWidget(self.content)
            self.content.show()  # now, not when the layout gets round to it
        return self.content

    def reset(self) -> None:
        if self.content is not None:
            # hidden first: a content shown while its tab was hidden would otherwise come up as
            # a window of its own once parentless, painting from the store just closed
            self.content.hide()
            self.content.setParent(None)
            self.content.deleteLater()
            self.content = None


FIRST_SIZE = QSize(1280, 800)  # the window's client area at its first start, when the screen allows


def first_geometry(available: QRect, frame: QMargins, want: QSize = FIRST_SIZE) -> QRect:
    """The client area of a window opened for the first time: as large as `want`, but the whole
    window, frame and title bar included, inside the screen's `available` area (without the
    taskbar), centred."""
    room = available.marginsRemoved(frame)
    w, h = min(want.width(), room.width()), min(want.height(), room.height())
    return QRect(room.x() + (room.width() - w) // 2, room.y() + (room.height() - h) // 2, w, h)


def _windows_frame(window: QWidget) -> QMargins:
    """Title bar and borders as Windows itself measures them around the client area (Qt's own
    figure has been seen to leave out the borders: the window then overhangs the screen)."""
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.windll.user32
    outer, inner, corner = wintypes.RECT(), wintypes.RECT(), wintypes.POINT(0, 0)
    handle = wintypes.HWND(int(window.winId()))
    if not (user32.GetWindowRect(handle, ctypes.byref(outer)) and user32.GetClientRect(handle, ctypes.byref(inner))
            and user32.ClientToScreen(handle, ctypes.byref(corner))):
        return QMargins()
    ratio = window.devicePixelRatioF() or 1.0  # Windows counts device pixels
    return QMargins(*(round(v / ratio) for v in (
        corner.x - outer.left, corner.y - outer.top,
        outer.right - corner.x - inner.right, outer.bottom - corner.y - inner.bottom)))


def _larger(a: QMargins, b: QMargins) -> QMargins:
    return QMargins(max(a.left(), b.left()), max(a.top(), b.top()), max(a.right(), b.right()),
                    max(a.bottom(), b.bottom()))


class MainWindow(QMainWindow):
    yearChanged = Signal(int)
    storeChanged = Signal(object)
    dataChanged = Signal(str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        load_ui("main_window.ui", self)
        self.store = store
        store.set_write_wait(WRITE_WAIT_SECONDS)
        self.settings = app_settings()
        self.year: int = store.report_year()
        self.tab_keys: list[str] = []
        self._undo_panel: LedgerPanel | None = None
        self._last_backup: dt.datetime | None = None
        self._pending_tab: str | None = None  # the remembered tab, until a feature adds it
        self._fit_frame_on_show = False  # first start: fit the whole window to the screen when shown
        self._setup_actions()
        self._setup_toolbar()
        self._setup_statusbar()
        self._build_tabs()
        self._restore_state()
        self._refresh_years()
        self._update_title()
        self._update_counts()
        self._update_recent_menu()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.currentChanged.connect(self._forget_pending_tab)  # the clerk chose another
        self._tab_changed(self.tabs.currentIndex())

    # set-up ----------------------------------------------------------------------------------

    def _setup_actions(self) -> None:
        K = QKeySequence.StandardKey
        shortcuts = {
            self.actionNewDb: None,
            self.actionOpenDb: K.Open,
            self.actionPrint: K.Print,
            self.actionQuit: K.Quit,
            self.actionAddRecord: K.New,
            self.actionDeleteRecord: K.Delete,
            self.actionUndoDelete: K.Undo,
            self.actionFind: K.Find,
            self.actionRefresh: K.Refresh,
        }
        for action, key in shortcuts.items():
            if key is not None:
                action.setShortcut(QKeySequence(key))
        if not self.actionQuit.shortcut().toString():
            self.actionQuit.setShortcut(QKeySequence("Ctrl+Q"))
        if not self.actionRefresh.shortcut().toString():
            self.actionRefresh.setShortcut(QKeySequence("F5"))
        self.actionEditRecord.setShortcut(QKeySequence("Ctrl+E"))
        self.actionDuplicateRecord.setShortcut(QKeySequence("Ctrl+D"))
        self.actionPrevYear.setShortcut(QKeySequence("Ctrl+Shift+PgUp"))
        self.actionNextYear.setShortcut(QKeySequence("Ctrl+Shift+PgDown"))
        # "Save": everything is saved the moment it is entered; say so when the clerk asks
        self.actionSave = QAction(self.tr("保存"), self)
        self.actionSave.setShortcut(QKeySequence(K.Save))
        self.actionSave.triggered.connect(
            lambda: self.show_message(self.tr("所有记录在填写时已自动保存，无需另行保存。"), 5000))
        self.addAction(self.actionSave)

        self.actionNewDb.triggered.connect(self.new_database)
        self.actionOpenDb.triggered.connect(lambda: self.open_database())
        self.actionProfile.triggered.connect(self.edit_profile)
        self.actionPrint.triggered.connect(self.print_table)
        self.actionQuit.triggered.connect(self.close)
        self.actionAddRecord.triggered.connect(lambda: self._on_panel(LedgerPanel.add_record))
        self.actionEditRecord.triggered.connect(lambda: self._on_panel(LedgerPanel.edit_record))
        self.actionDuplicateRecord.triggered.connect(lambda: self._on_panel(LedgerPanel.duplicate_record))
        self.actionDeleteRecord.triggered.connect(lambda: self._on_panel(LedgerPanel.delete_records))
        self.actionUndoDelete.triggered.connect(self.undo_delete)
        self.actionFind.triggered.connect(lambda: self._on_panel(LedgerPanel.focus_filter))
        self.actionPrevYear.triggered.connect(lambda: self.set_year(self.year - 1))
        self.actionNextYear.triggered.connect(lambda: self.set_year(self.year + 1))
        self.actionReportYear.triggered.connect(lambda: self.set_year(self.store.report_year()))
        self.actionRefresh.triggered.connect(self.reload)
        self.actionShowToolbar.toggled.connect(self.mainToolBar.setVisible)
        self.actionAbout.triggered.connect(self.show_about)
        self.actionUndoDelete.setEnabled(False)
        self.year_group = QActionGroup(self)
        self.year_group.setExclusive(True)
        self._year_actions: list[QAction] = []
        self.view_group = QActionGroup(self)  # the tabs, after the form's separator in 视图

    def _setup_toolbar(self) -> None:
        tb = self.mainToolBar
        for a in (self.actionAddRecord, self.actionEditRecord, self.actionDeleteRecord,
                  self.actionRefresh, self.actionPrint):
            a.setIconText(a.text().split("(")[0].rstrip("…"))
        tb.addWidget(QLabel(self.tr(" 年度：")))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("year_combo")
        self.year_combo.setToolTip(self.tr("切换年度：所有台账、统计数字和概览都显示这一年度"))
        self.year_combo.setMinimumWidth(110)
        self.year_combo.setStyleSheet("QComboBox { font-weight: bold; }")
        tb.addWidget(self.year_combo)
        self.year_combo.activated.connect(lambda i: self.set_year(self.year_combo.itemData(i)))
        tb.addSeparator()
        tb.addAction(self.actionRefresh)
        tb.addAction(self.actionPrint)

    def _setup_statusbar(self) -> None:
        sb = self.statusbar
        self.db_label = QLabel()
        self.db_label.setObjectName("db_label")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.backup_label = QLabel(self.tr("尚未备份"))
        self.backup_label.setObjectName("backup_label")
        self.backup_label.setToolTip(self.tr("最近一次备份的时间"))
        for w in (self.db_label, self.counts_label, self.backup_label):
            w.setContentsMargins(6, 0, 6, 0)
            sb.addPermanentWidget(w)

    def _build_tabs(self) -> None:
        self.area_tabs: dict[str, LazyTab] = {}
        for area, label in AREAS:
            lazy = LazyTab(area, lambda a=area: self._make_area_tab(a))
            self.area_tabs[area] = lazy
            self.add_tab(lazy, label, key=area)
        self.overview_tab = LazyTab(OVERVIEW_KEY, self._make_overview)
        self.add_tab(self.overview_tab, self.tr("概览"), key=OVERVIEW_KEY)

    def _make_overview(self) -> QWidget:
        from .overview import OverviewTab

        return OverviewTab(self.store, self.year)

    @property
    def overview(self):
        """The 概览 tab's widget, or None until it was first shown."""
        return self.overview_tab.content

    def _ledger_key(self, area: str) -> str:
        return f"window/ledger/{area}"

    def _make_area_tab(self, area: str) -> AreaTab:
        remembered = self.settings.value(self._ledger_key(area))
        tab = AreaTab(self.store, area, self.year, ledger=str(remembered) if remembered else None)
        tab.ledgerShown.connect(lambda name, a=area: self.settings.setValue(self._ledger_key(a), name))
        tab.changed.connect(self._data_changed)
        tab.message.connect(lambda m: self.show_message(m, 8000))
        tab.deleted.connect(self._panel_deleted)
        return tab

    # the extension points ---------------------------------------------------------------------

    def add_tab(self, widget: QWidget, title: str, *, key: str | None = None,
                index: int | None = None) -> int:
        """Add a tab (appended, or at `index`). `key` names it for settings and :meth:`show_tab`."""
        key = key or title
        widget.setProperty("tab_key", key)
        if index is None:
            i = self.tabs.addTab(widget, title)
        else:
            i = self.tabs.insertTab(index, widget, title)
        self.tab_keys.insert(i, key)
        action = QAction(title, self)
        action.setCheckable(True)
        action.setData(key)
        action.triggered.connect(lambda _=False, k=key: self.show_tab(k))
        self.view_group.addAction(action)
        self.menuView.addAction(action)
        if key == self._pending_tab:  # the tab the window was closed on (报告 comes late)
            self.tabs.setCurrentIndex(i)
        return i

    def _forget_pending_tab(self, _index: int = -1) -> None:
        self._pending_tab = None

    def add_action(self, menu_name: str, action: QAction, *, before: QAction | None = None) -> QAction:
        menu = getattr(self, menu_name)
        if before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
        return action

    def add_status_widget(self, widget: QWidget, permanent: bool = True) -> None:
        if permanent:
            self.statusbar.insertPermanentWidget(0, widget)
        else:
            self.statusbar.addWidget(widget)

    def set_last_backup(self, when: dt.datetime | None) -> None:
        """Show when the database was last backed up (None: "尚未备份")."""
        self._last_backup = when
        if when is None:
            self.backup_label.setText(self.tr("尚未备份"))
            self.backup_label.setStyleSheet("color: #b35c00;")
            return
        today = dt.date.today()
        if when.date() == today:
            text = self.tr("今天 {0}").format(when.strftime("%H:%M"))
        elif when.date() == today - dt.timedelta(days=1):
            text = self.tr("昨天 {0}").format(when.strftime("%H:%M"))
        else:
            text = when.strftime("%Y-%m-%d %H:%M")
        self.backup_label.setText(self.tr("上次备份：{0}").format(text))
        old = (dt.datetime.now() - when) > dt.timedelta(days=7)
        self.backup_label.setStyleSheet("color: #b35c00;" if old else "")

    def set_read_only(self, read_only: bool = True) -> None:
        """Disable (or enable again) everything that edits the database: a file opened read-only
        because another copy of the app holds it. Implemented in gui/safety.py."""
        from .safety import set_read_only

        set_read_only(self, read_only)

    @property
    def read_only(self) -> bool:
        safety = getattr(self, "safety", None)
        return bool(safety is not None and safety.read_only) or self.store.readonly

    def run_task(self, fn, *args, on_done=None, on_error=None, busy: str = "", **kwargs):
        """Run `fn` off the window's thread with a busy cursor and a status message."""
        from .worker import run_in_background

        if busy:
            self.statusbar.showMessage(busy)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def done(result):
            QGuiApplication.restoreOverrideCursor()
            self.statusbar.clearMessage()
            if on_done:
                on_done(result)

        def failed(exc):
            QGuiApplication.restoreOverrideCursor()
            self.statusbar.clearMessage()
            if on_error:
                on_error(exc)
            else:
                dialogs.error(self, self.tr("操作未完成"), dialogs.describe_error(exc))

        return run_in_background(fn, *args, on_done=done, on_error=failed, **kwargs)

    def show_message(self, text: str, ms: int = 6000) -> None:
        self.statusbar.showMessage(text, ms)

    # tabs -----------------------------------------------------------------------------------------

    def show_tab(self, key: str) -> QWidget | None:
        if key in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(key))
            return self.tab_widget(key)
        return None

    def tab_widget(self, key: str) -> QWidget | None:
        if key not in self.tab_keys:
            return None
        w = self.tabs.widget(self.tab_keys.index(key))
        return w.ensure() if isinstance(w, LazyTab) else w

    def area_tab(self, area: str) -> AreaTab:
        return self.area_tabs[area].ensure()

    def show_ledger(self, ledger_name: str) -> LedgerPanel:
        lg = next(lg for lg in LEDGERS if lg.name == ledger_name)
        self.show_tab(lg.area)
        return self.area_tab(lg.area).show_ledger(ledger_name)

    def current_area_tab(self) -> AreaTab | None:
        w = self.tabs.currentWidget()
        if isinstance(w, LazyTab) and w.key in self.area_tabs:
            return w.ensure()
        return None

    def current_panel(self) -> LedgerPanel | None:
        tab = self.current_area_tab()
        return tab.current_panel if tab else None

    def _on_panel(self, method) -> None:
        panel = self.current_panel()
        if panel is None:
            self.show_message(self.tr("请先在上方选择一个工作领域的标签页（如“矛盾纠纷与信访”）。"))
            return
        method(panel)

    def _tab_changed(self, index: int) -> None:
        w = self.tabs.widget(index)
        if isinstance(w, LazyTab):
            content = w.ensure()
            if isinstance(content, AreaTab) and content.year != self.year:
                content.set_year(self.year)
            elif content is self.overview and content.year != self.year:
                content.set_year(self.year)
        is_area = isinstance(w, LazyTab) and w.key in self.area_tabs
        for a in (self.actionAddRecord, self.actionEditRecord, self.actionDuplicateRecord,
                  self.actionDeleteRecord, self.actionFind, self.actionPrint):
            a.setEnabled(is_area)
        key = self.tab_keys[index] if 0 <= index < len(self.tab_keys) else None
        for a in self.view_group.actions():
            a.setChecked(a.data() == key)

    # year -------------------------------------------------------------------------------------------

    def available_years(self) -> list[int]:
        years = set(self.store.years()) | {self.store.report_year(), dt.date.today().year, self.year}
        return sorted(years, reverse=True)

    def _refresh_years(self) -> None:
        years = self.available_years()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(self.tr("{0}年度").format(y), y)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(self.year), 0))
        self.year_combo.blockSignals(False)
        for a in self._year_actions:
            self.menuYear.removeAction(a)
            self.year_group.removeAction(a)
        self._year_actions = []
        report_year = self.store.report_year()
        for y in years:
            text = self.tr("{0}年度").format(y) + (self.tr("（报告年度）") if y == report_year else "")
            a = QAction(text, self)
            a.setCheckable(True)
            a.setChecked(y == self.year)
            a.triggered.connect(lambda _=False, y=y: self.set_year(y))
            self.year_group.addAction(a)
            self.menuYear.addAction(a)
            self._year_actions.append(a)

    def set_year(self, year: int) -> None:
        if year is None or not 1990 <= int(year) <= 2099:
            return
        year = int(year)
        changed = year != self.year
        self.year = year
        if year not in [self.year_combo.itemData(i) for i in range(self.year_combo.count())]:
            self._refresh_years()
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        for a in self._year_actions:
            a.setChecked(a.text().startswith(f"{year}"))
        cur = self.tabs.currentWidget()
        for lazy in self.area_tabs.values():
            if lazy.content is not None and lazy is cur:
                lazy.content.set_year(year)
        if self.overview is not None:
            self.overview.set_year(year)
        self._update_title()
        self._update_counts()
        if changed:
            self.settings.setValue(self._year_key(), year)
            self.yearChanged.emit(year)

    # data --------------------------------------------------------------------------------------------

    def _data_changed(self, ledger_name: str) -> None:
        if self._undo_panel is not None and not self._undo_panel.last_deleted:  # undone on its bar
            self._forget_undo_action()
        self._update_counts()
        if self.overview is not None:
            self.overview.mark_stale()
        if self.year_combo.findData(self.year) < 0:
            self._refresh_years()
        self.dataChanged.emit(ledger_name)

    def _panel_deleted(self, panel: LedgerPanel) -> None:
        if self._undo_panel is not None and self._undo_panel is not panel:
            try:
                self._undo_panel.forget_undo()
            except RuntimeError:  # its tab was rebuilt
                pass
        self._undo_panel = panel
        self.actionUndoDelete.setEnabled(True)
        self.actionUndoDelete.setText(self.tr("撤销删除（{0}）").format(panel.ledger.label))

    def undo_delete(self) -> bool:
        panel = self._undo_panel
        if panel is None or not panel.last_deleted:
            self.show_message(self.tr("没有可以撤销的删除。"))
            return False
        tab = self.area_tab(panel.ledger.area)
        self.show_tab(panel.ledger.area)
        tab.show_ledger(panel.ledger.name)
        ok = panel.undo_delete()
        if ok:
            self._forget_undo_action()
        return ok

    def _forget_undo_action(self) -> None:
        self._undo_panel = None
        self.actionUndoDelete.setEnabled(False)
        self.actionUndoDelete.setText(self.tr("撤销删除"))

    def reload(self) -> None:
        """Read everything again (after an import, a restore, or another copy's changes)."""
        self.store.reset_caches()  # kinds may have been added elsewhere
        for lazy in self.area_tabs.values():
            if lazy.content is not None:
                lazy.content.reload()
        if self.overview is not None:
            self.overview.mark_stale()
        self._refresh_years()
        self._update_title()
        self._update_counts()

    def _update_title(self) -> None:
        p = self.store.profile()
        township = p.get("township") or p.get("government") or ""
        parts = [self.tr("法治台账")]
        if township:
            parts.append(township)
        parts.append(self.tr("{0}年度").format(self.year))
        self.setWindowTitle(" — ".join(parts) + f"  [{self.store.path.name}]")
        self.db_label.setText(self.tr("数据库：{0}").format(self._short_path(self.store.path)))
        self.db_label.setToolTip(str(self.store.path))

    @staticmethod
    def _short_path(path: Path) -> str:
        text = str(path)
        return text if len(text) <= 60 else "…" + text[-58:]

    def _update_counts(self) -> None:
        total = sum(self.store.record_counts().values())
        in_year = sum(self.store.count(lg.name, RecordQuery(year=self.year)) for lg in LEDGERS)
        self.counts_label.setText(self.tr("{0}年度 {1:,} 条 / 全部 {2:,} 条记录").format(self.year, in_year, total))

    # databases ---------------------------------------------------------------------------------------

    def _year_key(self) -> str:
        import zlib

        return f"year/{zlib.crc32(str(self.store.path.resolve()).encode('utf-8')):08x}"

    def switch_store(self, store: Store) -> None:
        old = self.store
        if self._undo_panel is not None:
            self._undo_panel = None
            self.actionUndoDelete.setEnabled(False)
        self.store = store
        store.set_write_wait(WRITE_WAIT_SECONDS)
        current = self.tabs.currentWidget()
        for lazy in list(self.area_tabs.values()) + [self.overview_tab]:
            lazy.reset()
        self.year = int_value(self.settings, self._year_key(), None) or store.report_year()
        self._refresh_years()
        self._update_title()
        self._update_counts()
        add_recent_file(store.path, self.settings)
        self._update_recent_menu()
        self._tab_changed(self.tabs.currentIndex())
        if current is self.overview_tab:
            self.overview_tab.ensure()
        if old is not store:
            try:
                old.close()
            except Exception:  # noqa: BLE001 - closing the old file must not stop the switch
                log.exception("closing %s", old.path)
        self.storeChanged.emit(store)

    def open_store_file(self, path: Path) -> Store | None:
        """How this window opens another database file; the safety feature replaces it with one
        that takes the file's lock before anything touches the file."""
        return Store.open(path)

    def open_database(self, path: str | Path | None = None) -> bool:
        """Open another database (asks for the file when `path` is None). The current one stays
        open when the new one cannot be opened."""
        while True:
            if path is None:
                path = dialogs.open_file(self, self.tr("打开数据库"), str(self.store.path.parent))
                if not path:
                    return False
            path = Path(path)
            if path.resolve() == self.store.path.resolve():
                return True
            try:
                store = self.open_store_file(path)
                if store is None:  # the clerk cancelled (e.g. the file is in use elsewhere)
                    return False
            except UserError as e:
                again = dialogs.ask(self, self.tr("无法打开数据库"),
                                    e.message + self.tr("\n\n要打开另一个文件吗？"),
                                    yes=self.tr("打开其他文件…"), no=self.tr("取消"))
                if not again:
                    return False
                path = None
                continue
            except Exception as e:  # noqa: BLE001 - sqlite or OS errors: say what to do
                log.exception("open %s", path)
                dialogs.error(self, self.tr("无法打开数据库"), dialogs.describe_error(e))
                return False
            self.switch_store(store)
            self.show_message(self.tr("已打开：{0}").format(path))
            return True

    def new_database(self) -> bool:
        from .profile_dialog import ProfileDialog

        path = dialogs.save_file(self, self.tr("新建数据库"), str(self.store.path.parent))
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".db":
            path = path.with_name(path.name + ".db")
        if path.exists():
            dialogs.warn(self, self.tr("新建数据库"), self.tr(
                "“{0}”已经存在。为免覆盖已有数据，请换一个文件名；要使用这个文件请选择“打开数据库”。").format(path.name))
            return False
        dlg = ProfileDialog(create_at=path, parent=self)
        if dlg.exec() != dlg.DialogCode.Accepted or dlg.store is None:
            return False
        self.switch_store(dlg.store)
        return True

    def edit_profile(self) -> None:
        from .profile_dialog import ProfileDialog

        dlg = ProfileDialog(self.store, parent=self)
        if dlg.exec() == dlg.DialogCode.Accepted:
            self.store.reset_caches()  # villages may have been added
            self._refresh_years()
            self._update_title()
            if self.overview is not None:
                self.overview.mark_stale()

    def _update_recent_menu(self) -> None:
        m = self.menuRecent
        m.clear()
        items = [p for p in recent_files(self.settings)]
        for i, p in enumerate(items, 1):
            a = m.addAction(f"&{i}  {p}")
            a.triggered.connect(lambda _=False, p=p: self.open_database(p))
        if not items:
            a = m.addAction(self.tr("（无）"))
            a.setEnabled(False)

    # printing -----------------------------------------------------------------------------------------

    def print_table(self) -> None:
        panel = self.current_panel()
        if panel is None:
            return
        from .printing import print_panel

        print_panel(self, panel)

    # about, state, closing ------------------------------------------------------------------------------

    def show_about(self) -> None:
        from .profile_dialog import AboutDialog

        AboutDialog(self.store.path, self).exec()

    def _restore_state(self) -> None:
        s = self.settings
        geo = s.value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(first_geometry(screen.availableGeometry(), QMargins()))
                self._fit_frame_on_show = True
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.actionShowToolbar.setChecked(self.mainToolBar.isVisibleTo(self) or geo is None)
        year = int_value(s, self._year_key(), None)
        if year and 1990 <= year <= 2099:
            self.year = year
        key = s.value("window/tab")
        if key in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(key))
        elif key:
            self._pending_tab = str(key)  # a tab a feature adds later (报告): shown when added

    def showEvent(self, event):  # noqa: N802
        if self._fit_frame_on_show:
            # The window exists now (not yet on screen): its title bar and borders are known.
            self._fit_frame_on_show = False
            handle, screen = self.windowHandle(), self.screen()
            if handle is not None and screen is not None:
                frame = handle.frameMargins()
                if sys.platform == "win32":
                    frame = _larger(frame, _windows_frame(self))
                self.setGeometry(first_geometry(screen.availableGeometry(), frame))
        super().showEvent(event)

    def save_state(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        i = self.tabs.currentIndex()
        if self._pending_tab:  # closed before its tab was added: still the one to come back to
            s.setValue("window/tab", self._pending_tab)
        elif 0 <= i < len(self.tab_keys):
            s.setValue("window/tab", self.tab_keys[i])
        s.setValue(self._year_key(), self.year)
        s.setValue("last_db", str(self.store.path.resolve()))
        s.sync()

    def closeEvent(self, event):  # noqa: N802
        self.save_state()
        super().closeEvent(event)
