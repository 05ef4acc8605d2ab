"""The main window: a tab per work area, 概览 and 报告, a year switcher that every tab follows.

The window builds its features and wires them in one place (MainWindow.__init__):

    edit_state   read-only and the year lock (gui/edit_state.py)
    file_lock    the database's lock: refreshed, handed over, released (gui/opening.py)
    backups      备份, 从备份恢复, automatic backups (gui/backups.py)
    menus        every action, the menus and the tool bar (gui/menus.py)
    report()     the 报告 tab (gui/report_tab.py), made when first shown
    excel()      Excel export and import (gui/excel_ui.py), made when first used

Features see the window through gui/window_api.Window: store, year, settings, add_tab,
run_task, show_message, the signals storeChanged / yearChanged / dataChanged, and
update_state() (every action's enabled state set again). The skeleton (tabs, tool bar, status
bar) is ui/main_window.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, cast

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from ..fields import YEAR_RANGE
from ..ledgers import AREAS, LEDGERS
from ..store import RecordQuery, Store
from .area_tab import AreaTab
from .backups import Backups
from .edit_state import EditState
from .forms.ui_main_window import Ui_MainWindow
from .ledger_panel import LedgerPanel
from .menus import Menus, State
from .opening import FileLock
from .settings import (
    TAB_KEY,
    add_recent_file,
    app_settings,
    int_value,
    ledger_key,
    recent_files,
    restore_window,
    save_window,
    year_key,
)
from .undo import Undo
from .window_size import fit_to_screen, keep_dialogs_on_screen
from .worker import run_task

if TYPE_CHECKING:
    from .excel_ui import ExcelActions
    from .report_tab import ReportTab

log = logging.getLogger(__name__)

OVERVIEW_KEY = "overview"
REPORT_KEY = "report"
# A save waits this long for another program's write (a second copy of the program, an import)
# before the clerk is told the database is in use: the window must not freeze for the store's 10 s.
WRITE_WAIT_SECONDS = 2.0


class FirstPaint(QObject):
    """Calls `then` (once, as soon as the event loop is free) after `target` first painted."""

    def __init__(self, target: QObject, then: Callable[[], object]):
        super().__init__(target)
        self.then = then

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


class LazyTab(QWidget):
    """A tab whose content is made the first time it is shown (keeps start-up fast)."""

    def __init__(self, key: str, factory: Callable[[], QWidget], parent=None):
        super().__init__(parent)
        self.key = key
        self.factory = factory
        self.content: QWidget | None = None

    def ensure(self) -> QWidget:
        if self.content is None:
            self.content = self.factory()
            lay = self.layout() or QVBoxLayout(self)  # made with the content (start-up)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(self.content)
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


class MainWindow(QMainWindow, Ui_MainWindow):
    yearChanged = Signal(int)
    storeChanged = Signal(object)
    dataChanged = Signal(str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.store = store
        store.set_write_wait(WRITE_WAIT_SECONDS)
        self.settings = app_settings()
        self.year: int = store.report_year()
        self.tab_keys: list[str] = []
        self._excel: ExcelActions | None = None
        self._pushed: tuple[bool, bool, int] | None = None  # what the tabs were last told (update_state)
        self._fit_frame_on_show = False  # a first start: see _restore_state and showEvent

        # the window's features, built here and wired in one block
        self.edit_state = EditState(self)  # read-only, the year lock
        self.file_lock = FileLock(self, self.edit_state)  # the database's lock
        self.backups = Backups(self)  # 备份, 恢复, automatic backups
        self.undo = Undo(self)  # 编辑 → 撤销: the latest step a ledger's panel can take back
        self.menus = Menus(self)  # every action, the menus, the tool bar
        for w in (self.edit_state.state_label, self.backups.warning_label):
            self.statusbar.addPermanentWidget(w)

        self._setup_statusbar()
        self._build_tabs()
        self._restore_state()
        self._refresh_years()
        self._update_title()
        self._update_counts()
        self.menus.fill_recent(recent_files(self.settings))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed(self.tabs.currentIndex())
        target = self.first_page_widget()
        target.installEventFilter(FirstPaint(target, self._after_first_paint))

    def first_page_widget(self) -> QWidget:
        """What paints the first page: the ledger table shown (else the window)."""
        panel = self.current_panel()
        return panel.table.viewport() if panel is not None else self

    def _after_first_paint(self) -> None:
        """What start-up need not wait for: dialogs kept on the screen (paused while the window
        started: app.run), the figures of the area shown, when the database was last backed up,
        the UI fonts for rarer characters, the leftovers of killed backups and restores."""
        from .backup_jobs import remove_leftover_copies
        from .i18n import register_fallback_fonts

        keep_dialogs_on_screen(cast(QApplication, QApplication.instance()))
        for lazy in self.area_tabs.values():
            if isinstance(lazy.content, AreaTab):
                lazy.content.show_figures()
        self.backups.load_last_backup()
        register_fallback_fonts()
        remove_leftover_copies(self.store.path, self.settings)

    # set-up ----------------------------------------------------------------------------------

    def _setup_statusbar(self) -> None:
        self.db_label = QLabel()
        self.db_label.setObjectName("db_label")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        for w in (self.db_label, self.counts_label, self.backups.last_label):
            w.setContentsMargins(6, 0, 6, 0)
            self.statusbar.addPermanentWidget(w)

    def _build_tabs(self) -> None:
        self.area_tabs: dict[str, LazyTab] = {}
        for area, label in AREAS:
            lazy = LazyTab(area, partial(self._make_area_tab, area))
            self.area_tabs[area] = lazy
            self.add_tab(lazy, label, key=area)
        self.overview_tab = LazyTab(OVERVIEW_KEY, self._make_overview)
        self.add_tab(self.overview_tab, self.tr("概览"), key=OVERVIEW_KEY)
        self.report_tab = LazyTab(REPORT_KEY, self._make_report)
        self.add_tab(self.report_tab, self.tr("报告"), key=REPORT_KEY)

    def _make_overview(self) -> QWidget:
        from .ledger_panel import show_records_behind
        from .overview import OverviewTab

        tab = OverviewTab(self.store, self.year)
        tab.figureActivated.connect(lambda key: show_records_behind(self, key))  # its records
        return tab

    def _make_report(self) -> QWidget:
        from .report_tab import ReportTab

        return ReportTab(self)

    @property
    def overview(self):
        """The 概览 tab's widget, or None until it was first shown."""
        return self.overview_tab.content

    def _make_area_tab(self, area: str) -> AreaTab:
        remembered = self.settings.value(ledger_key(area))
        tab = AreaTab(self.store, area, self.year, ledger=str(remembered) if remembered else None,
                      read_only=self.read_only, figures_later=not self.isVisible())  # (start-up)
        tab.ledgerShown.connect(lambda name, a=area: self.settings.setValue(ledger_key(a), name))
        tab.changed.connect(self._data_changed)
        tab.message.connect(lambda m: self.show_message(m, 8000))
        tab.undoable.connect(self.undo.panel_did)
        tab.yearWanted.connect(self.show_record_in_year)
        return tab

    def show_record_in_year(self, year: int, ledger_name: str, record_id: int) -> None:
        """Switch to `year` and select the record there (after a save put it in that year)."""
        self.set_year(year)
        panel = self.show_ledger(ledger_name)
        if panel.select_record(record_id):
            panel.table.setFocus()

    # what the features use (gui/window_api.Window) ------------------------------------------------

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
        self.menus.add_tab(key, title)
        return i

    @property
    def read_only(self) -> bool:
        return self.edit_state.read_only or self.store.readonly

    def run_task(self, fn, *args, on_done=None, on_error=None, busy: str = "", **kwargs) -> Any:
        """Run `fn` off the window's thread with a busy cursor and a status message."""
        return run_task(self, fn, *args, on_done=on_done, on_error=on_error, busy=busy, **kwargs)

    def show_message(self, text: str, ms: int = 6000) -> None:
        self.statusbar.showMessage(text, ms)

    def set_tables_visible(self, visible: bool) -> None:
        self.tabs.setVisible(visible)

    def update_state(self) -> None:
        """What may be done now (read-only, the year locked, a ledger shown, a task running, a
        delete to undo): every action's enabled state, the tabs' own buttons, the marks."""
        ro, locked = self.read_only, self.edit_state.year_locked()
        if self._pushed != (ro, locked, self.year):
            self._pushed = (ro, locked, self.year)
            for lazy in self.area_tabs.values():
                if isinstance(lazy.content, AreaTab):
                    lazy.content.set_read_only(ro)
                    lazy.content.update_lock()
            report = self.report_tab.content
            if report is not None:
                cast("ReportTab", report).apply_read_only()
        self.menus.apply(State(self.year, read_only=ro, year_locked=locked,
                               ledger=self.current_area_tab() is not None,
                               busy=self._excel is not None and self._excel.busy, undo_of=self.undo.label))
        suffix = self.edit_state.title_suffix
        self.edit_state.show(ro, locked, self.year)
        if self.edit_state.title_suffix != suffix:
            self._update_title()

    # the features made when first used --------------------------------------------------------------

    def report(self) -> ReportTab:
        """The 报告 tab, shown, its year's wording and checks loaded."""
        self.show_tab(REPORT_KEY)
        tab: ReportTab = self.report_tab.ensure()  # type: ignore[assignment]
        tab.ensure_loaded()
        return tab

    def excel(self) -> ExcelActions:
        """Excel export and import (the code is loaded when first used)."""
        if self._excel is None:
            from .excel_ui import ExcelActions

            self._excel = ExcelActions(self)
        return self._excel

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
        return cast(AreaTab, self.area_tabs[area].ensure())

    def show_ledger(self, ledger_name: str) -> LedgerPanel:
        lg = next(lg for lg in LEDGERS if lg.name == ledger_name)
        self.show_tab(lg.area)
        return self.area_tab(lg.area).show_ledger(ledger_name)

    def current_area_tab(self) -> AreaTab | None:
        w = self.tabs.currentWidget()
        if isinstance(w, LazyTab) and w.key in self.area_tabs:
            return cast(AreaTab, w.ensure())
        return None

    def current_panel(self) -> LedgerPanel | None:
        tab = self.current_area_tab()
        return tab.current_panel if tab else None

    def _tab_changed(self, index: int) -> None:
        w = self.tabs.widget(index)
        if isinstance(w, LazyTab):
            content = w.ensure()
            if isinstance(content, AreaTab) and content.year != self.year:
                content.set_year(self.year)
            elif content is self.overview and content.year != self.year:
                content.set_year(self.year)
        self.menus.check_tab(self.tab_keys[index] if 0 <= index < len(self.tab_keys) else None)
        self.update_state()

    # year -------------------------------------------------------------------------------------------

    def available_years(self) -> list[int]:
        years = set(self.store.counts.years()) | {self.store.report_year(), dt.date.today().year, self.year}
        return sorted(years, reverse=True)

    def _refresh_years(self) -> None:
        self.menus.fill_years(self.available_years(), self.year, self.store.report_year())

    def set_year(self, year: int) -> None:
        if year is None or int(year) not in YEAR_RANGE:
            return
        year = int(year)
        changed = year != self.year
        self.year = year
        if year not in self.menus.years():
            self._refresh_years()
        self.menus.check_year(year)
        cur = self.tabs.currentWidget()
        for lazy in self.area_tabs.values():
            if lazy.content is not None and lazy is cur:
                cast(AreaTab, lazy.content).set_year(year)
        if self.overview is not None:
            self.overview.set_year(year)
        self._update_title()
        self._update_counts()
        if changed:
            self.settings.setValue(year_key(self.store.path), year)
            self.yearChanged.emit(year)
        self.update_state()

    # data --------------------------------------------------------------------------------------------

    def _data_changed(self, ledger_name: str) -> None:
        self.undo.data_changed()
        self._update_counts()
        if self.overview is not None:
            self.overview.mark_stale()
        if self.year not in self.menus.years():
            self._refresh_years()
        self.dataChanged.emit(ledger_name)

    def reload(self) -> None:
        """Read everything again (after an import, a restore, or another copy's changes)."""
        self.store.choices.reload()  # kinds may have been added elsewhere
        for lazy in self.area_tabs.values():
            if lazy.content is not None:
                cast(AreaTab, lazy.content).reload()
        if self.overview is not None:
            self.overview.mark_stale()
        if self.report_tab.content is not None:
            cast("ReportTab", self.report_tab.content).reload()  # figures, profile (the year's draft is kept)
        self._refresh_years()
        self._update_title()
        self._update_counts()
        self.update_state()

    def _update_title(self) -> None:
        p = self.store.profile()
        township = p.get("township") or p.get("government") or ""
        parts = [self.tr("法治台账")]
        if township:
            parts.append(township)
        parts.append(self.tr("{0}年度").format(self.year))
        self.setWindowTitle(" — ".join(parts) + self.edit_state.title_suffix + f"  [{self.store.path.name}]")
        self.db_label.setText(self.tr("数据库：{0}").format(self._short_path(self.store.path)))
        self.db_label.setToolTip(str(self.store.path))

    @staticmethod
    def _short_path(path: Path) -> str:
        text = str(path)
        return text if len(text) <= 60 else "…" + text[-58:]

    def _update_counts(self) -> None:
        total = sum(self.store.counts.all().values())
        in_year = sum(self.store.count(lg.name, RecordQuery(year=self.year)) for lg in LEDGERS)
        self.counts_label.setText(self.tr("{0}年度 {1:,} 条 / 全部 {2:,} 条记录").format(self.year, in_year, total))

    # databases ---------------------------------------------------------------------------------------

    def switch_store(self, store: Store) -> None:
        old = self.store
        self.undo.forget()
        self.store = store
        store.set_write_wait(WRITE_WAIT_SECONDS)
        self.edit_state.store_changed(store)  # read-only if opened so (the lock may say otherwise)
        current = self.tabs.currentWidget()
        for lazy in list(self.area_tabs.values()) + [self.overview_tab]:
            lazy.reset()
        self.year = int_value(self.settings, year_key(self.store.path), None) or store.report_year()
        self._refresh_years()
        self._update_title()
        self._update_counts()
        add_recent_file(store.path, self.settings)
        self.menus.fill_recent(recent_files(self.settings))
        self._tab_changed(self.tabs.currentIndex())
        if current is self.overview_tab:
            self.overview_tab.ensure()
        if old is not store:
            try:
                old.close()
            except Exception:  # closing the old file must not stop the switch
                log.exception("closing %s", old.path)
        self.file_lock.store_changed(store)  # its lock instead of the old one's
        self.backups.store_changed(store)  # when it was last backed up
        self.storeChanged.emit(store)
        self.update_state()

    # 操作记录 ------------------------------------------------------------------------------------------

    def show_audit(self) -> Any:
        """操作记录: who changed what, when (following the ledger shown)."""
        from .audit_view import AuditView

        panel = self.current_panel()
        dlg = AuditView(self.store, self, ledger_name=panel.ledger.name if panel else None)
        dlg.resize(1100, 620)
        dlg.exec()
        return dlg

    # state, closing ------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        known = restore_window(self, self.settings)
        self._fit_frame_on_show = not known  # a first start: fitted again, frame included, when shown
        self.menus.actionShowToolbar.setChecked(self.mainToolBar.isVisibleTo(self) or not known)
        year = int_value(self.settings, year_key(self.store.path), None)
        if year and year in YEAR_RANGE:
            self.year = year
        key = self.settings.value(TAB_KEY)
        if key in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(key))

    def showEvent(self, event):  # noqa: N802
        if self._fit_frame_on_show:
            self._fit_frame_on_show = False
            fit_to_screen(self)
        super().showEvent(event)

    def save_state(self) -> None:
        i = self.tabs.currentIndex()
        save_window(self, self.settings, tab=self.tab_keys[i] if 0 <= i < len(self.tab_keys) else None,
                    db_path=self.store.path, year=self.year)

    def closeEvent(self, event):  # noqa: N802
        report = self.report_tab.content
        if report is not None and not report.confirm_close():  # unsaved wording: 取消
            event.ignore()
            return
        self.backups.on_close()  # a last automatic backup, if due
        self.file_lock.stop_refreshing()
        self.save_state()
        super().closeEvent(event)
