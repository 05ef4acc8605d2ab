"""The menu bar and the tool bar of the main window, laid out in one place.

Every action is made here, with what it needs to be enabled (:class:`Needs`), and placed in its
menu below; :meth:`Menus.apply` is the one function that sets every action's enabled state (and
the words that follow the state), from the window's :class:`State`. The window calls it whenever
its state changes (MainWindow.update_state).

Adding a menu action takes two files: what it does goes in the window or in the feature it
belongs to (backups.py, edit_state.py, excel_ui.py, report_tab.py …), and here one line makes it
and one line places it::

    self.actionBackup = self.action(self.tr("备份(&B)…"), lambda: w.backups.backup_now(),
                                    tip=self.tr("把当前数据库备份到备份文件夹或U盘…"))
    ...
    self.menu(bar, self.tr("文件(&F)"), [..., self.actionBackup, ...])

An action that changes the database says so (``needs=Needs(writable=True)``) and is then off in
a read-only window; one that changes the records of the year shown adds ``open_year=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QMenuBar, QToolBar

from . import opening
from .ledger_panel import LedgerPanel
from .window_api import Window

if TYPE_CHECKING:
    from .backups import Backups
    from .edit_state import EditState
    from .excel_ui import ExcelActions
    from .report_tab import ReportTab
    from .undo import Undo


@dataclass(frozen=True)
class Needs:
    """What an action needs to be enabled."""

    writable: bool = False  # a database that may be changed (not opened read-only)
    open_year: bool = False  # the year shown is not locked (its records may change)
    locked_year: bool = False  # the year shown is locked (解除锁定)
    ledger: bool = False  # a ledger's table is shown (a work-area tab, not 概览 or 报告)
    idle: bool = False  # no Excel import or export is running
    undo: bool = False  # a step (a delete, a paste …) that can be undone


@dataclass(frozen=True)
class State:
    """The window's state, as far as the actions care."""

    year: int
    read_only: bool = False
    year_locked: bool = False
    ledger: bool = False
    busy: bool = False
    undo_of: str | None = None  # the step that can be undone and its ledger: 删除（学法活动）

    def allows(self, needs: Needs) -> bool:
        return not ((needs.writable and self.read_only)
                    or (needs.open_year and self.year_locked)
                    or (needs.locked_year and not self.year_locked)
                    or (needs.ledger and not self.ledger)
                    or (needs.idle and self.busy)
                    or (needs.undo and self.undo_of is None))


RECORDS = Needs(writable=True, open_year=True, ledger=True)  # the records of the ledger shown


def _module(name: str):
    """gui/NAME.py (乡镇概况 profile_dialog, 使用说明 help_dialog, 打印 printing, 迎检台账汇编 binder_ui),
    loaded when its menu action is first used, not at start-up."""
    import importlib

    return importlib.import_module(f"{__package__}.{name}")


class MenuWindow(Window, Protocol):
    """What the menus call: the window's commands and its features."""

    backups: Backups
    edit_state: EditState
    undo: Undo
    mainToolBar: QToolBar  # (the form's name)

    def report(self) -> ReportTab: ...
    def excel(self) -> ExcelActions: ...
    def show_audit(self) -> object: ...
    def set_year(self, year: int) -> None: ...
    def reload(self) -> None: ...
    def menuBar(self) -> QMenuBar: ...  # noqa: N802
    def addAction(self, action: QAction) -> None: ...  # noqa: N802


class Menus(QObject):
    """The window's actions (``window.menus.actionBackup`` …), its menus and its tool bar."""

    def __init__(self, window: MenuWindow):
        super().__init__(window.window())
        self.window = window
        self._needs: dict[QAction, Needs] = {}
        w = window
        K = QKeySequence.StandardKey

        # 文件 ------------------------------------------------------------------------------------
        self.actionNewDb = self.action(self.tr("新建数据库(&N)…"), lambda: opening.new_database(w),
                                       tip=self.tr("新建一个空的台账数据库文件"), name="actionNewDb")
        self.actionOpenDb = self.action(self.tr("打开数据库(&O)…"), lambda: opening.open_database(w), keys=K.Open,
                                        tip=self.tr("打开另一个台账数据库文件"), name="actionOpenDb")
        self.actionProfile = self.action(
            self.tr("乡镇概况(&P)…"), lambda: _module("profile_dialog").edit_profile(w), needs=Needs(writable=True),
            tip=self.tr("政府名称、乡镇、村（社区）、报告年度等"), name="actionProfile")
        self.actionBackup = self.action(
            self.tr("备份(&B)…"), lambda: w.backups.backup_now(),
            tip=self.tr("把当前数据库备份到备份文件夹或U盘，并检查备份是否完好"), name="actionBackup")
        self.actionRestore = self.action(
            self.tr("从备份恢复(&H)…"), lambda: w.backups.restore(), needs=Needs(writable=True),
            tip=self.tr("用一个备份替换当前数据库（当前数据库会先另存）"), name="actionRestore")
        self.actionBackupSettings = self.action(
            self.tr("备份设置…"), lambda: w.backups.backup_settings(),
            tip=self.tr("自动备份的文件夹和保留的份数"), name="actionBackupSettings")
        self.actionReportPdf = self.action(
            self.tr("生成年度报告PDF…"), lambda: w.report().generate("pdf"),
            tip=self.tr("按公文格式生成本年度的法治政府建设工作报告（PDF）"), name="actionReportPdf")
        self.actionReportWord = self.action(
            self.tr("生成年度报告Word…"), lambda: w.report().generate("docx"),
            tip=self.tr("生成可修改的报告（Word .docx）"), name="actionReportWord")
        self.actionReportPrint = self.action(
            self.tr("打印年度报告…"), lambda: w.report().print_report(),
            tip=self.tr("打印预览后打印报告（版式与PDF相同）"), name="actionReportPrint")
        self.actionBinder = self.action(
            self.tr("生成迎检台账汇编(&I)…"), lambda: _module("binder_ui").make_binder(w),
            tip=self.tr("把本年度的台账记录表和佐证材料（照片、扫描件）汇编成一个带目录、页码的 PDF，供迎检打印"),
            name="actionBinder")
        self.actionCheckAttachments = self.action(
            self.tr("检查佐证材料…"), lambda: _module("binder_ui").check_attachments(w),
            tip=self.tr("逐一检查佐证材料文件是否缺失或损坏"), name="actionCheckAttachments")
        self.actionExportExcel = self.action(
            self.tr("导出Excel台账…"), lambda: w.excel().export_workbook(), needs=Needs(idle=True),
            tip=self.tr("把当前年度的全部台账导出为一个 Excel 工作簿（每本台账一张工作表）"), name="actionExportExcel")
        self.actionExportCsv = self.action(
            self.tr("导出当前台账为CSV…"), lambda: w.excel().export_csv(), needs=Needs(idle=True),
            tip=self.tr("把正在查看的这本台账（当前年度）导出为 CSV 文件"), name="actionExportCsv")
        self.actionExportTemplate = self.action(
            self.tr("导出空白模板…"), lambda: w.excel().export_template(), needs=Needs(idle=True),
            tip=self.tr("导出不含记录的空白 Excel 模板，发给村（社区）填写后再导入"), name="actionExportTemplate")
        self.actionImportExcel = self.action(
            self.tr("导入Excel台账…"), lambda: w.excel().import_workbook(), needs=Needs(writable=True, idle=True),
            tip=self.tr("从 Excel 工作簿（或本软件导出的 CSV）导入记录；导入前先检查，有错误会逐条列出"),
            name="actionImportExcel")
        self.actionPrint = self.action(self.tr("打印当前表格(&R)…"),
                                       lambda: self.on_panel(lambda p: _module("printing").print_panel(w, p)),
                                       keys=K.Print,
                                       needs=Needs(ledger=True), tip=self.tr("打印当前显示的台账表格"),
                                       name="actionPrint")
        self.actionQuit = self.action(self.tr("退出(&X)"), w.close, keys=K.Quit, fallback="Ctrl+Q",
                                      name="actionQuit")

        # 编辑 ------------------------------------------------------------------------------------
        self.actionAddRecord = self.action(
            self.tr("新增记录(&A)…"), lambda: self.on_panel(LedgerPanel.add_record), keys=K.New,
            needs=RECORDS, tip=self.tr("在当前台账中新增一条记录"), name="actionAddRecord")
        self.actionEditRecord = self.action(
            self.tr("修改记录(&E)…"), lambda: self.on_panel(LedgerPanel.edit_record), keys="Ctrl+E",
            needs=RECORDS, tip=self.tr("修改选中的记录"), name="actionEditRecord")
        self.actionDuplicateRecord = self.action(
            self.tr("复制为新记录(&C)…"), lambda: self.on_panel(LedgerPanel.duplicate_record), keys="Ctrl+D",
            needs=RECORDS, tip=self.tr("以选中的记录为底稿新增一条记录"), name="actionDuplicateRecord")
        self.actionDeleteRecord = self.action(
            self.tr("删除记录(&D)…"), lambda: self.on_panel(LedgerPanel.delete_records), keys=K.Delete,
            needs=RECORDS, tip=self.tr("删除选中的记录（可撤销）"), name="actionDeleteRecord")
        self.actionMarkReviewed = self.action(
            self.tr("标记为已核对(&K)"), lambda: self.mark_reviewed(True), needs=Needs(writable=True, open_year=True),
            tip=self.tr("把选中的记录标记为已核对（表格行号前显示 ✓）"), name="actionMarkReviewed")
        self.actionUnmarkReviewed = self.action(
            self.tr("取消核对"), lambda: self.mark_reviewed(False), needs=Needs(writable=True, open_year=True),
            tip=self.tr("取消选中记录的“已核对”标记"), name="actionUnmarkReviewed")
        self.actionUndoDelete = self.action(
            self.tr("撤销(&U)"), lambda: w.undo.undo(), keys=K.Undo, needs=Needs(writable=True, undo=True),
            tip=self.tr("撤销刚才的删除、粘贴、修改或填充"), name="actionUndoDelete")
        self.actionCopyRows = self.action(
            self.tr("复制选中的行(&Y)"), lambda: self.on_panel(lambda p: p.entry.copy_rows()), keys=K.Copy,
            needs=Needs(ledger=True), tip=self.tr("把选中的行连同表头复制，可以粘贴到 Excel 或 WPS 表格"),
            name="actionCopyRows")
        self.actionPasteRows = self.action(
            self.tr("粘贴行(&P)…"), lambda: self.on_panel(lambda p: p.entry.paste_rows()), keys=K.Paste,
            needs=RECORDS, tip=self.tr("把从 Excel 或 WPS 表格复制的行粘贴为新记录（先检查，可撤销）"),
            name="actionPasteRows")
        self.actionFillDown = self.action(
            self.tr("向下填充(&W)"), lambda: self.on_panel(lambda p: p.entry.fill_down()), keys="Ctrl+Shift+D",
            needs=RECORDS, tip=self.tr("把选中的第一行当前栏目的值填到下面选中的各行（可撤销）"),
            name="actionFillDown")
        self.actionAudit = self.action(
            self.tr("操作记录(&L)…"), w.show_audit,
            tip=self.tr("查看谁在什么时候新增、修改、删除了哪条记录"), name="actionAudit")
        self.actionFind = self.action(self.tr("查找(&F)"), lambda: self.on_panel(LedgerPanel.focus_filter),
                                      keys=K.Find, needs=Needs(ledger=True), tip=self.tr("在当前台账中查找"),
                                      name="actionFind")

        # 年度 ------------------------------------------------------------------------------------
        self.actionPrevYear = self.action(self.tr("上一年度(&P)"), lambda: w.set_year(w.year - 1),
                                          keys="Ctrl+Shift+PgUp", name="actionPrevYear")
        self.actionNextYear = self.action(self.tr("下一年度(&N)"), lambda: w.set_year(w.year + 1),
                                          keys="Ctrl+Shift+PgDown", name="actionNextYear")
        self.actionReportYear = self.action(
            self.tr("回到报告年度(&R)"), lambda: w.set_year(w.store.report_year()),
            tip=self.tr("切换到乡镇概况中设定的报告年度"), name="actionReportYear")
        self.actionLockYear = self.action(
            self.tr("锁定本年度（报告已印发）…"), lambda: w.edit_state.lock_year(),
            needs=Needs(writable=True, open_year=True),
            tip=self.tr("年度报告印发后锁定该年度，防止误改已上报的数字"), name="actionLockYear")
        self.actionUnlockYear = self.action(
            self.tr("解除本年度锁定…"), lambda: w.edit_state.unlock_year(),
            needs=Needs(writable=True, locked_year=True),
            tip=self.tr("解除锁定后可以修改该年度的记录（会记入操作记录）"), name="actionUnlockYear")

        # 视图, 帮助 -------------------------------------------------------------------------------
        self.actionRefresh = self.action(self.tr("刷新(&R)"), w.reload, keys=K.Refresh, fallback="F5",
                                         tip=self.tr("重新读取数据库"), name="actionRefresh")
        self.actionAuditView = self.action(self.tr("操作记录(&L)…"), w.show_audit,
                                           tip=self.actionAudit.toolTip())  # as in 编辑
        self.actionShowToolbar = self.action(self.tr("显示工具栏(&T)"), None, name="actionShowToolbar")
        self.actionShowToolbar.setCheckable(True)
        self.actionShowToolbar.setChecked(True)
        self.actionShowToolbar.toggled.connect(w.mainToolBar.setVisible)
        self.actionGuide = self.action(self.tr("使用说明(&G)"), lambda: _module("help_dialog").show_guide(w),
                                       keys=K.HelpContents,
                                       fallback="F1", tip=self.tr("怎样录入、粘贴、查找、生成报告和备份"),
                                       name="actionGuide")
        self.actionAbout = self.action(self.tr("关于法治台账(&A)"), lambda: _module("profile_dialog").show_about(w),
                                       name="actionAbout")

        # in no menu: Ctrl+S says that everything is saved the moment it is entered
        self.actionSave = self.action(
            self.tr("保存"), lambda: w.show_message(self.tr("所有记录在填写时已自动保存，无需另行保存。"), 5000),
            keys=K.Save)
        w.addAction(self.actionSave)

        self.year_group = QActionGroup(self)  # the years, at the end of 年度 (fill_years)
        self.year_group.setExclusive(True)
        self.year_actions: list[QAction] = []
        self.tab_group = QActionGroup(self)  # the tabs, at the end of 视图 (add_tab)
        self.lay_out(w.menuBar(), w.mainToolBar)

    # the layout -----------------------------------------------------------------------------------

    def lay_out(self, bar: QMenuBar, toolbar: QToolBar) -> None:
        """The menus, top to bottom (None: a separator), and the tool bar."""
        self.menuRecent = QMenu(self.tr("最近打开(&L)"), self.window.window())
        self.menuRecent.setObjectName("menuRecent")
        self.menuFile = self.menu(bar, self.tr("文件(&F)"), "menuFile", [
            self.actionNewDb, self.actionOpenDb, self.menuRecent, None,
            self.actionProfile, None,
            self.actionBackup, self.actionRestore, self.actionBackupSettings, None,
            self.actionReportPdf, self.actionReportWord, self.actionReportPrint, self.actionBinder, None,
            self.actionExportExcel, self.actionExportCsv, self.actionExportTemplate, self.actionImportExcel, None,
            self.actionPrint, None,
            self.actionQuit])
        self.menuEdit = self.menu(bar, self.tr("编辑(&E)"), "menuEdit", [
            self.actionAddRecord, self.actionEditRecord, self.actionDuplicateRecord, self.actionDeleteRecord, None,
            self.actionMarkReviewed, self.actionUnmarkReviewed, None,
            self.actionUndoDelete, None,
            self.actionCopyRows, self.actionPasteRows, self.actionFillDown, None,
            self.actionAudit, self.actionCheckAttachments, None,
            self.actionFind])
        self.menuYear = self.menu(bar, self.tr("年度(&Y)"), "menuYear", [
            self.actionPrevYear, self.actionNextYear, self.actionReportYear, None,
            self.actionLockYear, self.actionUnlockYear, None])  # then the years (fill_years)
        self.menuView = self.menu(bar, self.tr("视图(&V)"), "menuView", [
            self.actionRefresh, self.actionAuditView, self.actionShowToolbar, None])  # then the tabs (add_tab)
        self.menuHelp = self.menu(bar, self.tr("帮助(&H)"), "menuHelp", [self.actionGuide, None, self.actionAbout])

        for a in (self.actionAddRecord, self.actionEditRecord, self.actionDeleteRecord,
                  self.actionRefresh, self.actionPrint):
            a.setIconText(a.text().split("(")[0].rstrip("…"))
        for a in (self.actionAddRecord, self.actionEditRecord, self.actionDeleteRecord):
            toolbar.addAction(a)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr(" 年度：")))
        self.year_combo = QComboBox()  # the year switcher (fill_years, check_year)
        self.year_combo.setObjectName("year_combo")
        self.year_combo.setToolTip(self.tr("切换年度：所有台账、统计数字和概览都显示这一年度"))
        self.year_combo.setMinimumWidth(110)
        self.year_combo.setStyleSheet("QComboBox { font-weight: bold; }")
        self.year_combo.activated.connect(lambda i: self.window.set_year(self.year_combo.itemData(i)))
        toolbar.addWidget(self.year_combo)
        toolbar.addSeparator()
        toolbar.addAction(self.actionRefresh)
        toolbar.addAction(self.actionPrint)

    def menu(self, bar: QMenuBar, title: str, name: str, items: Sequence[QAction | QMenu | None]) -> QMenu:
        m = bar.addMenu(title)
        m.setObjectName(name)
        for item in items:
            if item is None:
                m.addSeparator()
            elif isinstance(item, QMenu):
                m.addMenu(item)
            else:
                m.addAction(item)
        return m

    def action(self, text: str, slot: Callable[[], object] | None, *, needs: Needs = Needs(),
               keys: QKeySequence.StandardKey | str | None = None, fallback: str = "", tip: str = "",
               name: str = "") -> QAction:
        """An action of the window: `slot()` when triggered; off unless the window's state gives
        what it `needs`; `keys` its shortcut (a standard key, else `fallback`)."""
        a = QAction(text, self.window.window())
        if name:
            a.setObjectName(name)
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        if keys is not None:
            a.setShortcut(QKeySequence(keys))
        if fallback and not a.shortcut().toString():
            a.setShortcut(QKeySequence(fallback))
        if slot is not None:
            a.triggered.connect(lambda _checked=False: slot())
        if needs != Needs():
            self._needs[a] = needs
        return a

    # the state ----------------------------------------------------------------------------------------

    def apply(self, state: State) -> None:
        """Every action's enabled state, and the words that follow the state."""
        for action, needs in self._needs.items():
            action.setEnabled(state.allows(needs))
        self.actionLockYear.setText(self.tr("锁定{0}年度（报告已印发）…").format(state.year))
        self.actionUnlockYear.setText(self.tr("解除{0}年度的锁定…").format(state.year))
        self.actionUndoDelete.setText(self.tr("撤销{0}").format(state.undo_of) if state.undo_of
                                      else self.tr("撤销(&U)"))
        self.actionImportExcel.setToolTip(self.tr("只读方式打开时不能导入") if state.read_only
                                          else self.actionImportExcel.statusTip())

    def on_panel(self, method: Callable[[LedgerPanel], object], hint: str = "") -> None:
        """An action on the ledger shown (新增, 修改, 核对 …); off a ledger's tab, say where to go."""
        panel = self.window.current_panel()
        if panel is None:
            self.window.show_message(hint or self.tr("请先在上方选择一个工作领域的标签页（如“矛盾纠纷与信访”）。"))
            return
        method(panel)

    def mark_reviewed(self, reviewed: bool) -> None:
        """标记为已核对 / 取消核对: the records selected in the ledger shown (LedgerPanel.mark_reviewed)."""
        self.on_panel(lambda p: p.mark_reviewed(reviewed),
                      self.tr("请先在上方选择一个工作领域的标签页，再选中要核对的记录。"))

    # the lists that change: recent files, years, tabs ---------------------------------------------------

    def fill_recent(self, paths: list[str]) -> None:
        m = self.menuRecent
        m.clear()
        for i, p in enumerate(paths, 1):
            a = m.addAction(f"&{i}  {p}")
            a.triggered.connect(lambda _=False, p=p: opening.open_database(self.window, p))
        if not paths:
            a = m.addAction(self.tr("（无）"))
            a.setEnabled(False)

    def fill_years(self, years: list[int], current: int, report_year: int) -> None:
        """The years to choose from, in the tool bar's list and at the end of 年度."""
        combo = self.year_combo
        combo.blockSignals(True)
        combo.clear()
        for y in years:
            combo.addItem(self.tr("{0}年度").format(y), y)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)
        for a in self.year_actions:
            self.menuYear.removeAction(a)
            self.year_group.removeAction(a)
        self.year_actions = []
        for y in years:
            text = self.tr("{0}年度").format(y) + (self.tr("（报告年度）") if y == report_year else "")
            a = QAction(text, self.window.window())
            a.setCheckable(True)
            a.setChecked(y == current)
            a.triggered.connect(lambda _=False, y=y: self.window.set_year(y))
            self.year_group.addAction(a)
            self.menuYear.addAction(a)
            self.year_actions.append(a)

    def years(self) -> list[int]:
        return [self.year_combo.itemData(i) for i in range(self.year_combo.count())]

    def check_year(self, year: int) -> None:
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        for a in self.year_actions:
            a.setChecked(a.text().startswith(f"{year}"))

    def add_tab(self, key: str, title: str) -> None:
        """视图 → the tab `title` (shown with window.show_tab(key))."""
        a = QAction(title, self.window.window())
        a.setCheckable(True)
        a.setData(key)
        a.triggered.connect(lambda _=False, k=key: self.window.show_tab(k))
        self.tab_group.addAction(a)
        self.menuView.addAction(a)

    def check_tab(self, key: str | None) -> None:
        for a in self.tab_group.actions():
            a.setChecked(a.data() == key)
        # on 报告, Ctrl+S saves the report and Ctrl+Z undoes in its editor (the tab's own actions)
        K = QKeySequence.StandardKey
        on_report = key == "report"
        self.actionSave.setShortcut(QKeySequence() if on_report else QKeySequence(K.Save))
        self.actionUndoDelete.setShortcut(QKeySequence() if on_report else QKeySequence(K.Undo))
