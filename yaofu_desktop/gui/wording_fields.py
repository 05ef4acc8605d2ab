"""Figures and profile values as fields in a passage's text (the 报告 tab's editor).

A field is one object in the text: a QTextFormat.UserObject character whose format holds the
figure's key and its way of saying (`field_format`), drawn by `FieldObject` (a
QTextObjectInterface registered on the document's layout) as a chip showing what the report
prints for it now, with its unit; its Chinese label on hover. It is one character, so it cannot
be half-deleted, and inserting, removing it or changing its way of saying are steps of the
document's own undo. The clerk never sees a key or a code.

`PassageEdit` is one passage's text: as tall as its text, read and written as runs
(wording.Text / Field / Profile), copied and pasted with its fields; Enter, Backspace at the start
and the arrows past its ends are left to the section editor (gui/wording_editor.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QMimeData, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QSizePolicy, QTextEdit

from ..wording import PROFILE_RUNS, SAY_LABELS, Field, Profile, Run, Text, run_from_json, run_to_json

if TYPE_CHECKING:
    from ..report.editing import YearWording

OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 1
P_KIND = int(QTextFormat.Property.UserProperty) + 1  # "figure" | "profile"
P_NAME = int(QTextFormat.Property.UserProperty) + 2  # the figure's key | the profile value's name
P_SAY = int(QTextFormat.Property.UserProperty) + 3  # wording.SAYS
OBJECT_CHAR = "\ufffc"
RUNS_MIME = "application/x-yaofu-wording-runs"
GREY = "#8a8a8a"
WAY_LABELS = {"": "数字和单位", "余": "余数（如 180余人次）", "约": "约数（如 约220万元）"}


# -- fields: how a figure or profile value looks in the text --------------------------------------


class FieldLook:
    """What a field shows: its value as the report prints it now, its label, why it cannot be
    printed. Asks the year's wording (YearWording), which the tab replaces on another year."""

    def __init__(self, wording: Callable[[], "YearWording | None"]):
        self._wording = wording

    @property
    def wording(self) -> "YearWording | None":
        return self._wording()

    def label(self, kind: str, name: str) -> str:
        if kind == "profile":
            return PROFILE_RUNS.get(name, "概况")
        w = self.wording
        fig = w.figure(name) if w is not None else None
        return fig.label if fig is not None else "已不存在的数字"

    def shown(self, kind: str, name: str, say: str) -> tuple[str, str]:
        """(what the report prints for the field, "") or (its label in 「」, why it cannot be)."""
        w = self.wording
        if w is None:
            return "「…」", ""
        if kind == "profile":
            value = w.profile_shown(name)
            if value:
                return value, ""
            return f"「{PROFILE_RUNS.get(name, '概况')}」", "乡镇概况中尚未填写这一项"
        text, problem = w.field_shown(name, say)
        if problem:
            return f"「{self.label(kind, name)}」", problem
        return text, ""

    def tooltip(self, kind: str, name: str, say: str, *, records: bool = False) -> str:
        label = self.label(kind, name)
        shown, problem = self.shown(kind, name, say)
        if kind == "profile":
            tip = f"乡镇概况中的“{label}”：{shown}\n（随乡镇概况自动填入）"
        else:
            w = self.wording
            fig = w.figure(name) if w is not None else None
            value = fig.display() if fig is not None else "已不存在"
            way = WAY_LABELS.get(say, "") if records else SAY_LABELS.get(say, "")
            tip = f"{label}\n本年度：{value}\n报告中写作：{shown if not problem else '（不能写出）'}"
            if way:
                tip += f"（{way}）"
            tip += "\n右键：改写法、查看这些记录"
        if problem:
            tip += f"\n{problem}"
        return tip


class FieldObject(QPyTextObject):
    """Draws a field: a rounded chip with the value and unit (QTextObjectInterface)."""

    PAD = 3.0

    def __init__(self, edit: "PassageEdit"):
        super().__init__(edit)
        self.edit = edit

    def _text(self, fmt: QTextFormat) -> tuple[str, bool, str]:
        kind = str(fmt.property(P_KIND) or "figure")
        shown, problem = self.edit.look.shown(kind, str(fmt.property(P_NAME) or ""),
                                              str(fmt.property(P_SAY) or ""))
        return shown, not problem, kind

    def intrinsicSize(self, doc, pos, fmt):  # noqa: N802 - Qt's name
        text, _ok, _kind = self._text(fmt)
        fm = QFontMetricsF(doc.defaultFont())
        return QSizeF(fm.horizontalAdvance(text) + 2 * self.PAD + 2, fm.height())

    def drawObject(self, painter: QPainter, area: QRectF | QRect, doc, pos, fmt):  # noqa: N802
        rect = QRectF(area)
        text, ok, kind = self._text(fmt)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        cur = self.edit.textCursor()
        selected = cur.hasSelection() and cur.selectionStart() <= pos < cur.selectionEnd()
        if selected:
            fill, edge = self.edit.palette().highlight().color(), self.edit.palette().highlight().color()
        elif not ok:
            fill, edge = QColor("#fdecea"), QColor("#c62828")
        elif kind == "profile":
            fill, edge = QColor("#e3eefa"), QColor("#8fb3de")
        else:
            fill, edge = QColor("#fff1a8"), QColor("#d4b106")
        pen = QPen(edge)
        pen.setWidthF(1.0)
        if not ok and not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect.adjusted(1, 0.5, -1, -0.5), 3, 3)
        font = doc.defaultFont()
        painter.setFont(font)
        fm = QFontMetricsF(font)
        color = self.edit.palette().highlightedText().color() if selected else \
            (QColor(GREY) if self.edit.greyed else QColor("#000000"))
        painter.setPen(color)
        painter.drawText(QPointF(rect.left() + self.PAD + 1, rect.bottom() - fm.descent()), text)
        painter.restore()


def field_format(kind: str, name: str, say: str = "") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(OBJECT)
    fmt.setProperty(P_KIND, kind)
    fmt.setProperty(P_NAME, name)
    fmt.setProperty(P_SAY, say)
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignBaseline)
    return fmt


def run_of_format(fmt: QTextFormat) -> Field | Profile:
    kind = str(fmt.property(P_KIND) or "figure")
    name = str(fmt.property(P_NAME) or "")
    if kind == "profile":
        return Profile(name)
    return Field(name, str(fmt.property(P_SAY) or ""))


# -- one passage's text ---------------------------------------------------------------------------


class PassageEdit(QTextEdit):
    """A passage's text with its fields: as tall as its text, no scroll bar of its own."""

    splitRequested = Signal(int)  # Enter at this position: a new passage from here on
    joinRequested = Signal()  # Backspace at the start: join with the passage before
    leaveRequested = Signal(int)  # -1 / +1: the cursor moves past the first / last line
    fieldMenuRequested = Signal(int, object)  # (position of the field, global QPoint)
    textMenuRequested = Signal(object)  # QMenu with the edit actions, to add to before it shows
    focused = Signal()
    refusedTyping = Signal()  # a key typed where the text cannot be changed (a records sentence)

    def __init__(self, look: FieldLook, *, single_line: bool = False, parent=None):
        super().__init__(parent)
        self.look = look
        self.single_line = single_line
        self.greyed = False
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(3)
        self._object = FieldObject(self)
        self.document().documentLayout().registerHandler(OBJECT, self._object)
        self.document().contentsChanged.connect(self._fit)
        self.setMouseTracking(True)
        self._fit()

    # content -------------------------------------------------------------------------------------

    def set_runs(self, runs: list[Run], *, keep_undo: bool = False) -> None:
        """The text and fields of `runs` (the document's undo history is cleared unless
        `keep_undo`)."""
        doc = self.document()
        cur = QTextCursor(doc)
        cur.beginEditBlock()
        cur.select(QTextCursor.SelectionType.Document)
        cur.removeSelectedText()
        self._insert_runs(cur, runs)
        cur.endEditBlock()
        if not keep_undo:
            doc.clearUndoRedoStacks()
        self.setTextCursor(QTextCursor(doc))

    def _insert_runs(self, cur: QTextCursor, runs: list[Run]) -> None:
        plain = QTextCharFormat()
        for r in runs:
            if isinstance(r, Text):
                cur.insertText(r.text.replace(OBJECT_CHAR, "").replace("\r", "").replace("\n", ""), plain)
            elif isinstance(r, Field):
                cur.insertText(OBJECT_CHAR, field_format("figure", r.figure, r.say))
            elif isinstance(r, Profile):
                cur.insertText(OBJECT_CHAR, field_format("profile", r.name))
        cur.setCharFormat(plain)

    def runs(self, start: int = 0, end: int | None = None) -> list[Run]:
        """The passage (or the part between two positions) as runs."""
        doc = self.document()
        end = doc.characterCount() - 1 if end is None else end
        out: list[Run] = []
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                a, b = frag.position(), frag.position() + frag.length()
                lo, hi = max(a, start), min(b, end)
                if lo < hi:
                    text = frag.text()[lo - a:hi - a]
                    fmt = frag.charFormat()
                    if fmt.objectType() == OBJECT:
                        out += [run_of_format(fmt) for ch in text if ch == OBJECT_CHAR]
                    else:
                        text = text.replace(OBJECT_CHAR, "").replace("\u2029", "").replace("\u2028", "")
                        if text:
                            if out and isinstance(out[-1], Text):
                                out[-1] = Text(out[-1].text + text)
                            else:
                                out.append(Text(text))
                it += 1
            block = block.next()
        return out

    def field_at(self, pos: int) -> Field | Profile | None:
        """The field at a position (the character after it), or None."""
        if pos < 0 or pos >= self.document().characterCount() - 1:
            return None
        if self.document().characterAt(pos) != OBJECT_CHAR:
            return None
        cur = QTextCursor(self.document())
        cur.setPosition(pos + 1)
        fmt = cur.charFormat()
        return run_of_format(fmt) if fmt.objectType() == OBJECT else None

    def field_positions(self) -> list[int]:
        doc = self.document()
        return [i for i in range(doc.characterCount() - 1) if self.field_at(i) is not None]

    def insert_field(self, kind: str, name: str, say: str = "") -> None:
        """A field at the cursor (in place of the selection), as one undo step."""
        cur = self.textCursor()
        cur.beginEditBlock()
        if cur.hasSelection():
            cur.removeSelectedText()
        cur.insertText(OBJECT_CHAR, field_format(kind, name, say))
        cur.setCharFormat(QTextCharFormat())
        cur.endEditBlock()
        self.setTextCursor(cur)
        self.setCurrentCharFormat(QTextCharFormat())

    def set_field_say(self, pos: int, say: str) -> None:
        """A field's way of saying (one undo step of the document)."""
        run = self.field_at(pos)
        if not isinstance(run, Field) or run.say == say:
            return
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        cur.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
        cur.setCharFormat(field_format("figure", run.figure, say))

    def remove_field(self, pos: int) -> None:
        if self.field_at(pos) is None:
            return
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        cur.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
        cur.removeSelectedText()

    def relayout(self) -> None:
        """Fields drawn again with the values of now (after the figures or the profile changed)."""
        doc = self.document()
        doc.markContentsDirty(0, doc.characterCount())
        self._fit()
        self.viewport().update()

    def set_greyed(self, greyed: bool) -> None:
        if greyed == self.greyed:
            return
        self.greyed = greyed
        self.setStyleSheet(f"QTextEdit {{ color: {GREY}; }}" if greyed else "")
        self.viewport().update()

    # size ----------------------------------------------------------------------------------------

    def _fit(self) -> None:
        doc = self.document()
        width = self.viewport().width()
        if width > 0:
            doc.setTextWidth(width)
        h = doc.size().height() + 2 * self.frameWidth() + 2
        h = max(h, QFontMetricsF(self.font()).height() + 2 * self.frameWidth() + 8)
        if abs(self.height() - h) >= 1:
            self.setFixedHeight(int(h + 0.999))

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    # editing -------------------------------------------------------------------------------------

    def _clean_format(self) -> None:
        """Typed text never takes on a field's format (a field is never extended by typing)."""
        if self.currentCharFormat().hasProperty(P_KIND):
            self.setCurrentCharFormat(QTextCharFormat())

    def focusInEvent(self, event):  # noqa: N802
        super().focusInEvent(event)
        self.focused.emit()

    def keyPressEvent(self, event):  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
            event.ignore()  # the section's undo stack (the tab's 撤销/重做 actions) takes it
            return
        key = event.key()
        cur = self.textCursor()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.single_line and not self.isReadOnly():
                self.splitRequested.emit(cur.position())
            return
        if key == Qt.Key.Key_Backspace and not cur.hasSelection() and cur.position() == 0 \
                and not self.isReadOnly() and not self.single_line:
            self.joinRequested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            probe = QTextCursor(cur)
            op = QTextCursor.MoveOperation.Up if key == Qt.Key.Key_Up else QTextCursor.MoveOperation.Down
            before = self.cursorRect(probe).top()
            moved = probe.movePosition(op)
            if not moved or self.cursorRect(probe).top() == before:
                self.leaveRequested.emit(-1 if key == Qt.Key.Key_Up else 1)
                return
        if event.text():
            if self.isReadOnly() and event.text().isprintable():
                self.refusedTyping.emit()
            self._clean_format()
        super().keyPressEvent(event)

    def event(self, event):
        # Ctrl+Z / Ctrl+Y go to the section's undo stack, not to this document's own
        if event.type() == event.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return False
        return super().event(event)

    def inputMethodEvent(self, event):  # noqa: N802
        if event.commitString():
            self._clean_format()
        super().inputMethodEvent(event)

    def shown_text(self, start: int = 0, end: int | None = None) -> str:
        """The passage (or a part) as the clerk sees it: the fields as they show."""
        return "".join(r.text if isinstance(r, Text) else self.look.shown(
            "profile" if isinstance(r, Profile) else "figure",
            r.name if isinstance(r, Profile) else r.figure, getattr(r, "say", ""))[0]
            for r in self.runs(start, end))

    def createMimeDataFromSelection(self):  # noqa: N802
        cur = self.textCursor()
        runs = self.runs(cur.selectionStart(), cur.selectionEnd())
        md = QMimeData()
        md.setText(self.shown_text(cur.selectionStart(), cur.selectionEnd()))
        md.setData(RUNS_MIME, json.dumps([run_to_json(r) for r in runs], ensure_ascii=False).encode("utf-8"))
        return md

    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802
        return source.hasFormat(RUNS_MIME) or source.hasText()

    def insertFromMimeData(self, source) -> None:  # noqa: N802
        if self.isReadOnly():
            return
        if source.hasFormat(RUNS_MIME):
            try:
                runs = [run_from_json(d) for d in json.loads(bytes(source.data(RUNS_MIME)).decode("utf-8"))]
            except (ValueError, TypeError, AttributeError):
                runs = [Text(source.text())]
        else:
            text = source.text().replace("\r\n", "\n").replace("\r", "\n")
            runs = [Text("".join(line.strip() for line in text.split("\n")))]
        cur = self.textCursor()
        cur.beginEditBlock()
        if cur.hasSelection():
            cur.removeSelectedText()
        self._insert_runs(cur, runs)
        cur.endEditBlock()
        self.setTextCursor(cur)

    def contextMenuEvent(self, event):  # noqa: N802
        pos = self._field_pos_at(event.pos())
        if pos is not None:
            self.fieldMenuRequested.emit(pos, event.globalPos())
            return
        menu = self.createStandardContextMenu(event.pos())
        self.textMenuRequested.emit(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _field_pos_at(self, point) -> int | None:
        """The field under a point of the viewport, or None."""
        cur = self.cursorForPosition(point)
        for pos in (cur.position() - 1, cur.position()):
            if self.field_at(pos) is not None:
                c = QTextCursor(self.document())
                c.setPosition(pos)
                left = self.cursorRect(c)
                c.setPosition(pos + 1)
                right = self.cursorRect(c)
                if left.top() == right.top() and left.left() <= point.x() <= right.right() \
                        and left.top() <= point.y() <= left.bottom() + 2:
                    return pos
        return None

    def mouseMoveEvent(self, event):  # noqa: N802
        super().mouseMoveEvent(event)
        pos = self._field_pos_at(event.position().toPoint())
        tip = "" if pos is None else self.field_tooltip(pos)
        if tip != self.viewport().toolTip():
            self.viewport().setToolTip(tip)

    def field_tooltip(self, pos: int) -> str:
        run = self.field_at(pos)
        if run is None:
            return ""
        kind = "profile" if isinstance(run, Profile) else "figure"
        name = run.name if isinstance(run, Profile) else run.figure
        return self.look.tooltip(kind, name, getattr(run, "say", ""), records=self.isReadOnly())
