"""The backup dialogs: 从备份恢复 (RestoreDialog: choose a backup, checked before it is
accepted) and 备份设置 (BackupSettingsDialog: the folder of the automatic backups and how many are
kept). gui/backups.py opens them.

    dlg = RestoreDialog(store.path, backup_folders(settings), window)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        restore_from(dlg.chosen, info=dlg.chosen_info)
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..backup import BackupError, BackupInfo, DatabaseBackups
from . import dialogs
from .backup_jobs import (
    KEY_FOLDER,
    KEY_KEEP,
    backup_folder,
    backup_policy,
    check_in_background,
    record_count,
    size_text,
    tr,
)
from .forms.ui_restore_dialog import Ui_RestoreDialog


class RestoreDialog(QDialog, Ui_RestoreDialog):
    """This database's backups first (newest first, the newest usable one selected), the other
    databases' backups in the same folders under their own heading behind 显示其他数据库的备份;
    date, records, size and 状态 (完好 / 已损坏：why); or another file. Accepted only with a
    backup that passed verify_backup (:attr:`chosen`, :attr:`chosen_info`)."""

    def __init__(self, db_path: Path, folders: list[Path], parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.db_path = Path(db_path)
        self.folders = [Path(f) for f in folders]
        self.found = DatabaseBackups()  # filled by load()
        self.rows: list[BackupInfo | None] = []  # what each table row shows; None: a heading
        self.chosen: Path | None = None
        self.chosen_info: BackupInfo | None = None
        t = self.backupTable
        t.setColumnWidth(0, 170)
        t.setColumnWidth(1, 100)
        t.setColumnWidth(2, 90)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        self.errorLabel.hide()
        self.restoreButton.clicked.connect(self.restore_selected)
        self.cancelButton.clicked.connect(self.reject)
        self.otherFileButton.clicked.connect(self.choose_other_file)
        self.changeFolderButton.clicked.connect(self.change_folder)
        self.othersCheck.toggled.connect(lambda _on: self._fill_table())
        t.doubleClicked.connect(lambda _i: self.restore_selected())
        t.itemSelectionChanged.connect(self._selection_changed)
        self.fill()

    @property
    def folder(self) -> Path:
        return self.folders[0]

    @property
    def items(self) -> list[BackupInfo]:
        """The backups listed in the table, top to bottom."""
        return [i for i in self.rows if i is not None]

    def fill(self) -> None:
        """Look for the backups in the folders again (read-only), then show them."""
        from ..backup import database_backups

        shown = "；".join(str(f) for f in self.folders)
        self.folderLabel.setText(self.tr("备份文件夹：{0}").format(shown))
        self.folderLabel.setToolTip("\n".join(str(f) for f in self.folders))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            self.found = database_backups(self.db_path, self.folders)
        finally:
            QGuiApplication.restoreOverrideCursor()
        n = len(self.found.others)
        self.othersCheck.setText(self.tr("显示其他数据库的备份（{0} 份）").format(n))
        self.othersCheck.setVisible(n > 0)
        self._fill_table()

    @staticmethod
    def status_text(info: BackupInfo) -> str:
        """完好, or 已损坏 / 不能使用 and why, without the path (in the tooltip)."""
        if info.ok:
            return tr("完好")
        why = (info.error or "").removesuffix(f"：{info.path}").replace("，不能使用", "")
        why = re.sub(r"（[^（）]*字节[^（）]*）", "", why.removeprefix("备份文件"))  # sizes: in the tooltip
        if why.startswith("已损坏"):
            return why
        return (tr("已损坏：{0}") if why.startswith("不完整") else tr("不能使用：{0}")).format(why)

    def _heading(self, row: int, text: str) -> None:
        from PySide6.QtGui import QBrush, QColor

        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QBrush(QColor("#e8eef7")))
        self.backupTable.setItem(row, 0, item)
        self.backupTable.setSpan(row, 0, 1, self.backupTable.columnCount())

    def _fill_table(self) -> None:
        found = self.found
        own, others = found.own, (found.others if self.othersCheck.isChecked() else [])
        rows: list[BackupInfo | str] = []
        if own or found.others:
            rows.append(self.tr("这个数据库（{0}）的备份").format(self.db_path.name)
                        if own else self.tr("这个数据库（{0}）在这里还没有备份").format(self.db_path.name))
            rows += own
        if others:
            rows.append(self.tr("其他数据库的备份（不是当前数据库的备份，恢复前请确认）"))
            rows += others
        t = self.backupTable
        t.clearSelection()
        t.clearContents()
        t.clearSpans()
        t.setRowCount(len(rows))
        self.rows = [r if isinstance(r, BackupInfo) else None for r in rows]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, info in enumerate(rows):
            if not isinstance(info, BackupInfo):
                self._heading(r, info)
                continue
            cells = [
                QTableWidgetItem(info.created.strftime("%Y-%m-%d %H:%M:%S")),
                QTableWidgetItem(self.tr("{0} 条").format(f"{record_count(info):,}") if info.ok else "—"),
                QTableWidgetItem(size_text(info.size)),
                QTableWidgetItem(self.status_text(info)),
            ]
            cells[1].setTextAlignment(right)
            cells[2].setTextAlignment(right)
            for c, item in enumerate(cells):
                item.setToolTip(str(info.path) if info.ok else f"{info.error}")
                if not info.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)
                t.setItem(r, c, item)
        empty = not own and not found.others
        self.emptyLabel.setVisible(empty)
        t.setVisible(not empty)
        first_ok = next((r for r, info in enumerate(self.rows) if info is not None and info.ok
                         and info in own), None)  # never another database's on its own
        if first_ok is not None:
            t.selectRow(first_ok)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restoreButton.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.backupTable.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        return self.rows[rows.pop()]

    def row_of(self, path: Path) -> int | None:
        """The table row showing the backup at `path` (tests)."""
        return next((r for r, info in enumerate(self.rows) if info is not None and info.path == Path(path)), None)

    def show_error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        if not info.ok:
            self.show_error(self.tr("这个备份不能使用：{0}").format(info.error))
            return False
        return self.choose(info.path)

    def choose_other_file(self) -> bool:
        picked = dialogs.open_file(self, self.tr("选择备份文件"), str(self.folder))
        if not picked:
            return False
        return self.choose(Path(picked))

    def change_folder(self) -> None:
        picked = dialogs.choose_folder(self, self.tr("选择备份文件夹"), str(self.folder))
        if picked:
            self.folders = [Path(picked)]
            self.errorLabel.hide()
            self.fill()

    def choose(self, path: Path) -> bool:
        """Verify the backup (read-only); accept the dialog only if it can be used."""
        try:
            info = check_in_background(self, path)
        except BackupError as e:
            text = e.message + self.tr("\n\n当前数据库没有任何改动。")
            self.show_error(self.tr("不能使用这个备份：{0}").format(e.message))
            dialogs.error(self, self.tr("不能使用这个备份"), text)
            return False
        self.chosen, self.chosen_info = Path(path), info
        self.accept()
        return True


# -- the backup settings dialog ---------------------------------------------------------------------------------


class BackupSettingsDialog(QDialog):
    """备份设置: the folder of the automatic backups and how many are kept."""

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("备份设置"))
        lay = QVBoxLayout(self)
        policy = backup_policy(settings)
        intro = QLabel(self.tr(
            "关闭程序时，以及有改动时每 {0} 分钟，程序会自动把数据库备份到下面的文件夹。"
            "旧的备份按天、周、月各保留最新的一份，更早的自动删除。").format(policy.interval_minutes))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(backup_folder(settings)))
        self.folder_edit.setObjectName("folder_edit")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setMinimumWidth(320)
        pick = QPushButton(self.tr("选择…"))
        pick.setAutoDefault(False)
        pick.clicked.connect(self.pick_folder)
        default = QPushButton(self.tr("恢复默认"))
        default.setAutoDefault(False)
        default.clicked.connect(self.default_folder)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(pick)
        row.addWidget(default)
        form.addRow(self.tr("备份文件夹："), row)
        keep = (policy.daily, policy.weekly, policy.monthly)
        self.spins = []
        for label, value, unit in zip(
                (self.tr("按天保留："), self.tr("按周保留："), self.tr("按月保留：")), keep,
                (self.tr(" 天"), self.tr(" 周"), self.tr(" 个月"))):
            spin = QSpinBox()
            spin.setRange(1, 999)
            spin.setValue(value)
            spin.setSuffix(unit)
            self.spins.append(spin)
            form.addRow(label, spin)
        lay.addLayout(form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        lay.addWidget(box)

    def pick_folder(self) -> None:
        picked = dialogs.choose_folder(self, self.tr("选择备份文件夹"), self.folder_edit.text())
        if picked:
            self.folder_edit.setText(str(Path(picked)))

    def default_folder(self) -> None:
        from ..paths import backup_dir

        self.folder_edit.setText(str(backup_dir()))

    def save(self) -> None:
        from ..paths import backup_dir

        folder = Path(self.folder_edit.text())
        if folder == backup_dir():
            self.settings.remove(KEY_FOLDER)
        else:
            self.settings.setValue(KEY_FOLDER, str(folder))
        for key, spin in zip(KEY_KEEP, self.spins):
            self.settings.setValue(key, spin.value())
        self.settings.sync()
        self.accept()
