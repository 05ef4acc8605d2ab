"""佐证材料 in the window: the strip of thumbnails in the record form, and the viewer.

The strip (:class:`AttachmentStrip`) sits under the form's fields. Files come in by the 添加文件…
button (a file chooser), by dragging files from Explorer onto the form (or onto a row of the
table: ledger_panel opens the form with them), or by pasting an image (Ctrl+V, or 粘贴图片).
Double-click shows a photo or a PDF's pages full size (:class:`AttachmentViewer`); a DOCX/XLSX
opens in WPS/Word from a temporary copy (the stored file is never modified). The context menu
and the buttons rename (a caption: 签到表, 会议记录, 现场照片), move earlier/later, save a copy
and remove; a removal can be undone (撤销) from the strip. Each change is one store operation, in
the audit log.

A record being added has no id yet: files dropped on a new record's form wait in the strip and
are attached when the record is saved (:meth:`AttachmentStrip.attach_pending`).

Thumbnails come from images.thumbnail (made once and cached by content), so a form opens fast
the second time; nothing here runs when the window opens.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QFont, QIcon, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..attachments import SUGGESTED_CAPTIONS
from ..errors import UserError
from ..images import ACCEPTED, DOCUMENT, KIND_LABELS, PHOTO, SCAN, kind_of, thumbnail
from . import dialogs

log = logging.getLogger(__name__)

THUMB = 112
ROW_ID = Qt.ItemDataRole.UserRole + 1
FILE_FILTER = ("佐证材料（{0}）;;照片（*.jpg *.jpeg *.png *.heic *.heif）;;扫描件（*.pdf）;;"
               "文档（*.docx *.xlsx *.doc *.xls）").format(
    " ".join(f"*.{e}" for e in ACCEPTED)
)


def dropped_files(mime) -> list[Path]:
    """The local files a drag (or the clipboard) carries that can be attached."""
    if mime is None or not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            p = Path(url.toLocalFile())
            if p.is_file():
                out.append(p)
    return out


def _tile(text: str, color: str = "#5c6bc0") -> QPixmap:
    """A document's tile: its type in large letters."""
    pm = QPixmap(THUMB, THUMB)
    pm.fill(QColor("#f4f4f4"))
    p = QPainter(pm)
    p.setPen(QColor(color))
    p.drawRect(8, 4, THUMB - 17, THUMB - 9)
    f = QFont()
    f.setPointSize(16)
    f.setBold(True)
    p.setFont(f)
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pm


class AttachmentStrip(QWidget):
    """The 佐证材料 of one record (or, for a record not saved yet, the files waiting for it)."""

    changed = Signal()

    def __init__(self, store, ledger, record_id: int | None, parent=None):
        super().__init__(parent)
        self.setObjectName("attachment_strip")
        self.store, self.ledger, self.record_id = store, ledger, record_id
        self.pending: list[Path] = []  # a new record's files, attached when it is saved
        self.pending_images: list[bytes] = []
        self.removed: list[dict] = []  # for 撤销
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("attachment_title")
        head.addWidget(self.title)
        head.addStretch(1)
        self.add_button = QPushButton(self.tr("添加文件…"))
        self.add_button.setObjectName("attachment_add")
        self.add_button.setToolTip(self.tr("选择照片、扫描件（PDF）或文档（DOCX、XLSX）；也可以把文件拖到这里"))
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton(self.tr("粘贴图片"))
        self.paste_button.setObjectName("attachment_paste")
        self.paste_button.setToolTip(self.tr("粘贴复制的图片或文件（Ctrl+V）"))
        self.paste_button.clicked.connect(self.paste)
        self.undo_button = QPushButton(self.tr("撤销移除"))
        self.undo_button.setObjectName("attachment_undo")
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_button.hide()
        for b in (self.undo_button, self.add_button, self.paste_button):
            head.addWidget(b)
        lay.addLayout(head)
        self.list = QListWidget()
        self.list.setObjectName("attachment_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 28, THUMB + 40))
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setFixedHeight(THUMB + 56)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemDoubleClicked.connect(lambda it: self.view(self._row(it)))
        self.list.setAcceptDrops(False)  # the form takes drops (RecordDialog.dropEvent)
        lay.addWidget(self.list)
        self.hint = QLabel(self.tr("把照片、扫描件拖到这里，或点“添加文件…”；双击查看，右键改名、调整顺序或移除"))
        self.hint.setStyleSheet("color: #666;")
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        paste = QAction(self)
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.paste)
        self.addAction(paste)
        self.list.addAction(paste)
        if store.readonly:
            for b in (self.add_button, self.paste_button):
                b.setEnabled(False)
        self.reload()

    # showing -------------------------------------------------------------------------------

    @property
    def att(self):
        return self.store.attachments

    def rows(self) -> list[dict[str, Any]]:
        return self.att.of_record(self.ledger.name, self.record_id) if self.record_id is not None else []

    def reload(self) -> None:
        self.list.clear()
        rows = self.rows()
        for row in rows:
            item = QListWidgetItem(self._icon(row), row["caption"])
            item.setData(ROW_ID, row["id"])
            item.setToolTip(f"{row['caption']}\n{KIND_LABELS.get(row['kind'], '')}：{row['original_name']}")
            self.list.addItem(item)
        for p in self.pending:
            item = QListWidgetItem(self._icon_for_file(p), p.stem[:20])
            item.setToolTip(self.tr("{0}\n保存记录时添加").format(p.name))
            self.list.addItem(item)
        for _data in self.pending_images:
            item = QListWidgetItem(_tile("PNG"), self.tr("粘贴的图片"))
            self.list.addItem(item)
        n = len(rows) + len(self.pending) + len(self.pending_images)
        waiting = self.tr("（保存记录时添加）") if self.pending or self.pending_images else ""
        self.title.setText(self.tr("<b>佐证材料</b>（{0} 份）{1}").format(n, waiting))
        self.undo_button.setVisible(bool(self.removed))

    def _icon(self, row: dict) -> QIcon:
        path = self.att.path(row)
        if row["kind"] in (PHOTO, SCAN):
            t = thumbnail(path, row["sha256"], row["kind"])
            if t is not None:
                return QIcon(QPixmap(str(t)))
            return QIcon(_tile(self.tr("缺失"), "#c62828"))
        return QIcon(_tile(row["ext"].upper()))

    def _icon_for_file(self, p: Path) -> QIcon:
        if kind_of(p.name) == PHOTO and p.suffix.lower() in (".jpg", ".jpeg", ".png"):
            pm = QPixmap(str(p))
            if not pm.isNull():
                return QIcon(pm.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation))
        return QIcon(_tile(p.suffix.lstrip(".").upper() or "?"))

    def _row(self, item: QListWidgetItem | None) -> dict | None:
        if item is None:
            return None
        aid = item.data(ROW_ID)
        return self.att.get(aid) if aid is not None else None

    def current(self) -> dict | None:
        return self._row(self.list.currentItem())

    # adding --------------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("添加佐证材料"), "", self.tr(FILE_FILTER))
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> int:
        """Attach files (or, for a record not saved yet, keep them for it). Files that cannot be
        attached are named together in one message. Returns how many were taken."""
        refused, taken = [], 0
        for p in paths:
            if kind_of(p.name) is None:
                refused.append(self.tr("“{0}”不是照片、扫描件或文档").format(p.name))
                continue
            if self.record_id is None:
                self.pending.append(p)
                taken += 1
                continue
            try:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    self.att.add(self.ledger.name, self.record_id, p)
                finally:
                    QApplication.restoreOverrideCursor()
                taken += 1
            except UserError as e:
                refused.append(e.message)
            except (sqlite3.Error, OSError) as e:
                log.exception("attach failed")
                refused.append(dialogs.describe_error(e))
        self.reload()
        if taken:
            self.changed.emit()
        if refused:
            dialogs.error(self, self.tr("未能添加"), "\n".join(refused))
        return taken

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        files = dropped_files(mime)
        if files:
            self.add_files(files)
            return
        if mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self.add_image(image)
                return
        dialogs.inform(self, self.tr("粘贴图片"),
                       self.tr("剪贴板中没有图片或文件。可以先在其他程序中复制图片，再点“粘贴图片”。"))

    def add_image(self, image: QImage) -> None:
        from PySide6.QtCore import QBuffer, QIODevice

        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")  # type: ignore[call-overload]
        data = bytes(buf.data())  # type: ignore[call-overload]
        if self.record_id is None:
            self.pending_images.append(data)
        else:
            try:
                self.att.add_image_bytes(self.ledger.name, self.record_id, data)
            except UserError as e:
                dialogs.error(self, self.tr("未能添加"), e.message)
                return
        self.reload()
        self.changed.emit()

    def attach_pending(self, record_id: int) -> list[str]:
        """After the new record was saved: attach what waited; returns messages for what failed."""
        self.record_id = record_id
        problems = []
        for p in self.pending:
            try:
                self.att.add(self.ledger.name, record_id, p)
            except UserError as e:
                problems.append(e.message)
        for data in self.pending_images:
            try:
                self.att.add_image_bytes(self.ledger.name, record_id, data)
            except UserError as e:
                problems.append(e.message)
        self.pending, self.pending_images = [], []
        self.reload()
        return problems

    # changing ------------------------------------------------------------------------------

    def _run(self, fn, *args) -> bool:
        try:
            fn(*args)
        except UserError as e:
            dialogs.error(self, self.tr("未能修改佐证材料"), e.message)
            return False
        except sqlite3.Error as e:
            log.exception("attachment change failed")
            dialogs.error(self, self.tr("未能修改佐证材料"), dialogs.describe_error(e))
            return False
        self.reload()
        self.changed.emit()
        return True

    def rename(self, row: dict | None = None, caption: str | None = None) -> None:
        row = row or self.current()
        if row is None:
            return
        if caption is None:
            names = [row["caption"]] + [c for c in SUGGESTED_CAPTIONS if c != row["caption"]]
            caption, ok = QInputDialog.getItem(self, self.tr("佐证材料名称"),
                                               self.tr("名称（如：签到表、会议记录、现场照片）："),
                                               names, 0, True)
            if not ok:
                return
        self._run(self.att.rename, row["id"], caption)
        self._select(row["id"])

    def move(self, row: dict | None, step: int) -> None:  # type: ignore[override]
        row = row or self.current()
        if row is None:
            return
        ids = [r["id"] for r in self.rows()]
        self._run(self.att.move, row["id"], ids.index(row["id"]) + step)
        self._select(row["id"])

    def remove(self, row: dict | None = None) -> None:
        row = row or self.current()
        if row is None:
            return
        try:
            gone = self.att.remove(row["id"])
        except UserError as e:
            dialogs.error(self, self.tr("未能移除"), e.message)
            return
        self.removed.append(gone)
        self.reload()
        self.changed.emit()

    def undo_remove(self) -> None:
        if not self.removed:
            return
        row = self.removed.pop()
        if not self._run(self.att.put_back, row):
            self.removed.append(row)

    def _select(self, aid: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ROW_ID) == aid:
                self.list.setCurrentRow(i)

    def save_copy(self, row: dict | None = None) -> None:
        row = row or self.current()
        if row is None:
            return
        suggested = Path(row["original_name"]).with_suffix("." + row["ext"]).name
        out, _ = QFileDialog.getSaveFileName(self, self.tr("另存佐证材料"), suggested)
        if out:
            try:
                shutil.copyfile(self.att.path(row), out)
            except OSError as e:
                dialogs.error(self, self.tr("未能保存"), dialogs.describe_error(e))

    def view(self, row: dict | None) -> None:
        if row is None:
            return
        path = self.att.path(row)
        if not path.exists():
            dialogs.error(self, self.tr("文件缺失"),
                          self.tr("这份佐证材料的文件已缺失：{0}\n请从备份恢复。").format(path))
            return
        if row["kind"] == DOCUMENT:
            # opened from a temporary copy: the stored file is never modified
            tmp = Path(tempfile.mkdtemp(prefix="yaofu-view-")) / (Path(row["original_name"]).stem + "." + row["ext"])
            shutil.copyfile(path, tmp)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(tmp)))
            return
        AttachmentViewer(self.att, row, self).exec()

    def _menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        row = self._row(item)
        menu = QMenu(self)
        if row is not None:
            editable = not self.store.readonly
            menu.addAction(self.tr("查看"), lambda: self.view(row))
            a = menu.addAction(self.tr("重命名…"), lambda: self.rename(row))
            a.setEnabled(editable)
            a = menu.addAction(self.tr("前移"), lambda: self.move(row, -1))
            a.setEnabled(editable)
            a = menu.addAction(self.tr("后移"), lambda: self.move(row, 1))
            a.setEnabled(editable)
            menu.addAction(self.tr("另存为…"), lambda: self.save_copy(row))
            menu.addSeparator()
            a = menu.addAction(self.tr("移除"), lambda: self.remove(row))
            a.setEnabled(editable)
        else:
            menu.addAction(self.tr("添加文件…"), self.choose_files)
            menu.addAction(self.tr("粘贴图片"), self.paste)
        menu.exec(self.list.viewport().mapToGlobal(pos))


class AttachmentViewer(QDialog):
    """A photo, or a PDF's pages one at a time, full size (scrolls when larger than the
    screen; 适应窗口 fits it)."""

    def __init__(self, att, row: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("attachment_viewer")
        self.att, self.row = att, row
        self.setWindowTitle(f"{row['caption']} — {row['original_name']}")
        lay = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setObjectName("viewer_image")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        lay.addWidget(scroll, 1)
        bar = QHBoxLayout()
        self.page = QSpinBox()
        self.page.setObjectName("viewer_page")
        self.pages = max(1, row.get("pages") or 1)
        self.page.setRange(1, self.pages)
        self.page.setPrefix(self.tr("第 "))
        self.page.setSuffix(self.tr(" 页，共 {0} 页").format(self.pages))
        self.page.valueChanged.connect(lambda _v: self.show_page())
        if row["kind"] == SCAN and self.pages > 1:
            bar.addWidget(self.page)
        bar.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        box.rejected.connect(self.reject)
        bar.addWidget(box)
        lay.addLayout(bar)
        self.show_page()
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(1100, screen.width() - 80) if screen else 1000,
                    min(800, screen.height() - 80) if screen else 700)

    def image(self) -> QImage:
        path = self.att.path(self.row)
        if self.row["kind"] == SCAN:
            from ..images import render_pdf_page

            pil = render_pdf_page(path, self.page.value() - 1, long_side=1600)
        else:
            from ..images import open_photo

            pil = open_photo(path)
        pil = pil.convert("RGBA")
        data = pil.tobytes("raw", "RGBA")
        img = QImage(data, pil.size[0], pil.size[1], QImage.Format.Format_RGBA8888)
        return img.copy()  # own the pixels (data is freed after this)

    def show_page(self) -> None:
        try:
            img = self.image()
        except Exception as e:  # noqa: BLE001 - a damaged file: say so, never a traceback
            log.warning("viewer: %s", e)
            self.label.setText(self.tr("无法显示这份佐证材料（文件可能已损坏）"))
            return
        self.label.setPixmap(QPixmap.fromImage(img))
