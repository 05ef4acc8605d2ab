"""The 报告 tab's editor of one section's wording: its passages as cards, figures as fields.

A section's wording is a list of passages (report/editing.py, YearWording), each from one source:
来自台账 (a sentence the app states from the records), 自己填写, 采用的建议 (and 采用的建议（已修改）).
Each passage is a card with a coloured margin and a badge naming its source; a passage that will
not be printed is greyed with the reason; a passage that depends on a figure shows the toggle
"仅当……不为零时写入". Suggestions not adopted are listed under the passages, greyed, each with
its 采用 button (and 采用本部分全部建议).

In a passage a figure is a field: one object in the text (a QTextFormat.UserObject character drawn
by `FieldObject`, a QTextObjectInterface registered on the document's layout), shown as a chip with
its current value and unit, its Chinese label on hover. It cannot be half-deleted: it is one
character. Its way of saying (数字, 余, 约, 为零时的说法) is chosen from its context menu. The
clerk never sees a key or a code: the program keeps the figure's key in the character's format.

Undo: each section has one QUndoStack (the tab's QUndoGroup makes the shown section's active).
Typing, inserting or removing a field and changing its way of saying are steps of the passage's
QTextDocument, mirrored on the stack (`DocStep`); adding, adopting, removing, moving, splitting
and joining passages, toggles and the year's way of saying a figure are `SectionChange` steps
(the section's draft and its cards, before and after). So Ctrl+Z undoes, in order, whatever was
done last in the section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QMimeData, QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..ledgers import LEDGERS
from ..report import outline
from ..wording import (
    CLERK,
    NONZERO,
    PROFILE_RUNS,
    RECORDS,
    SAY_LABELS,
    SUGGESTION,
    Field,
    Profile,
    Run,
    Text,
    run_from_json,
    run_to_json,
)

if TYPE_CHECKING:
    from ..report.editing import ItemView, YearWording

OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 1
P_KIND = int(QTextFormat.Property.UserProperty) + 1  # "figure" | "profile"
P_NAME = int(QTextFormat.Property.UserProperty) + 2  # the figure's key | the profile value's name
P_SAY = int(QTextFormat.Property.UserProperty) + 3  # wording.SAYS
OBJECT_CHAR = "\ufffc"
RUNS_MIME = "application/x-yaofu-wording-runs"

# the sources as the clerk sees them: margin colour, badge background
SOURCE_COLORS = {
    RECORDS: ("#1f5fa8", "#e3eefa"),
    CLERK: ("#2e7d32", "#e6f4ea"),
    SUGGESTION: ("#7b3fa0", "#f1e6f8"),
    "offered": ("#9e9e9e", "#f2f2f2"),
}
GREY = "#8a8a8a"
SAY_MENU = ("", "余", "约", "零")  # the ways offered on a field ("数": only where old wording had it)
ROUND_SAYS = ("", "余", "约")  # the ways a records sentence may say a figure
WAY_LABELS = {"": "数字和单位", "余": "余数（如 180余人次）", "约": "约数（如 约220万元）"}
SECTION_HINTS = {
    "preamble": "第一句由乡镇概况写出，其后可加自己的话。",
    "results": "这一部分只有标题，内容在（一）至（九）各小节。",
    "problems_intro": "“二、”下的一段引言，可不填。",
    "problems": "每段一条，自动编号；第一句是小标题。须写明不足及其原因。",
    "plans": "每段一条，自动编号；第一句是小标题。",
    "other": "可不填；填写后印为“四、”。",
}
SUB_HINT = "各段依次连成这一小节；右键黄色的数字可改写法。"
POINT_KINDS = ("points", "paragraphs")


def source_label_of(source: str) -> str:
    from ..wording import SOURCE_LABELS

    return SOURCE_LABELS.get(source, "")


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

    def drawObject(self, painter: QPainter, rect: QRectF, doc, pos, fmt):  # noqa: N802
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


def run_of_format(fmt: QTextFormat) -> Run:
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

    def field_at(self, pos: int) -> Run | None:
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

    def createMimeDataFromSelection(self):  # noqa: N802
        cur = self.textCursor()
        runs = self.runs(cur.selectionStart(), cur.selectionEnd())
        md = QMimeData()
        md.setText("".join(r.text if isinstance(r, Text) else self.look.shown(
            "profile" if isinstance(r, Profile) else "figure",
            r.name if isinstance(r, Profile) else r.figure, getattr(r, "say", ""))[0] for r in runs))
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
        if pos is None:
            if self.viewport().toolTip():
                self.viewport().setToolTip("")
            return
        run = self.field_at(pos)
        kind = "profile" if isinstance(run, Profile) else "figure"
        name = run.name if isinstance(run, Profile) else run.figure
        self.viewport().setToolTip(self.look.tooltip(kind, name, getattr(run, "say", ""),
                                                     records=self.isReadOnly()))

    def field_tooltip(self, pos: int) -> str:
        run = self.field_at(pos)
        if run is None:
            return ""
        kind = "profile" if isinstance(run, Profile) else "figure"
        name = run.name if isinstance(run, Profile) else run.figure
        return self.look.tooltip(kind, name, getattr(run, "say", ""), records=self.isReadOnly())


# -- undo -----------------------------------------------------------------------------------------


class DocStep(QUndoCommand):
    """A step of a passage's document (typing, a field in or out, a field's way of saying) on
    the section's stack: undo and redo call the document's own."""

    def __init__(self, doc, text: str):
        super().__init__(text)
        self.doc = doc
        self._done = True

    def redo(self):
        if self._done:
            self._done = False  # pushed after the document did it
            return
        self.doc.redo()

    def undo(self):
        self.doc.undo()


@dataclass
class EditorState:
    section: object  # wording.Section | None (the draft)
    cards: list["ItemCard"]
    ways: dict[str, str]


class SectionChange(QUndoCommand):
    """A change of the section's passages (or of the year's way of saying a figure): its state
    before and after."""

    def __init__(self, editor: "SectionEditor", text: str, before: EditorState, after: EditorState):
        super().__init__(text)
        self.editor, self.before, self.after = editor, before, after
        self._done = True

    def redo(self):
        if self._done:
            self._done = False
            return
        self.editor.apply_state(self.after)

    def undo(self):
        self.editor.apply_state(self.before)


# -- a passage as a card ----


class NarrowCheckBox(QCheckBox):
    """A check box that lets its row be narrower than its text (the text is then cut; the
    tooltip has all of it)."""

    def minimumSizeHint(self):  # noqa: N802
        s = super().minimumSizeHint()
        s.setWidth(min(s.width(), 120))
        return s


class ItemCard(QFrame):
    """One passage: its source (margin colour and badge), its text, its toggle, its buttons."""

    def __init__(self, editor: "SectionEditor", item_id: str, source: str, runs: list[Run]):
        super().__init__(editor.container)
        self.editor = editor
        self.item_id = item_id
        self.source = source
        self.when_figure = ""  # the figure the toggle names (kept while it is off)
        self.setObjectName("passage")
        self.setFrameShape(QFrame.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 3, 4, 4)
        lay.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.badge = QLabel()
        self.badge.setObjectName("sourceBadge")
        head.addWidget(self.badge)
        head.addStretch(1)
        self.up = self._tool("↑", "上移这一段", lambda: editor.move(self, -1))
        self.down = self._tool("↓", "下移这一段", lambda: editor.move(self, 1))
        self.remove = self._tool("✕", "从报告中删去这一段（可撤销）", lambda: editor.remove(self))
        for b in (self.up, self.down, self.remove):
            head.addWidget(b)
        lay.addLayout(head)
        self.toggle = NarrowCheckBox()
        self.toggle.setObjectName("whenToggle")
        self.toggle.hide()
        self.toggle.clicked.connect(lambda on: editor.set_when(self, on))
        lay.addWidget(self.toggle)
        self.edit = PassageEdit(editor.look, parent=self)
        self.edit.setObjectName("passageText")
        self.edit.setFont(editor.font())
        self.edit.document().setDefaultFont(editor.font())
        self.edit.set_runs(runs)
        lay.addWidget(self.edit)
        self.status = QLabel()
        self.status.setObjectName("passageStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        lay.addWidget(self.status)
        if source == RECORDS:
            self.edit.setReadOnly(True)
            self.edit.document().setUndoRedoEnabled(False)
            self.edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            self.remove.setToolTip("从本部分移出这句来自台账的话（可撤销，或点“恢复来自台账的句子”）")
            self.edit.refusedTyping.connect(lambda: editor.message.emit(
                "“来自台账”的句子由软件根据台账写出，不能直接改字：数字随台账变化，右键数字可选余数、约数。"
                "要换成自己的话，可点 ✕ 移出这句，再“添加一段文字”。"))
        else:
            self.edit.document().undoCommandAdded.connect(
                lambda: editor.doc_step(self.edit.document(), "输入"))
            self.edit.document().contentsChanged.connect(lambda: editor.passage_edited(self))
            self.edit.splitRequested.connect(lambda pos: editor.split(self, pos))
            self.edit.joinRequested.connect(lambda: editor.join(self))
        self.edit.leaveRequested.connect(lambda d: editor.focus_next(self, d))
        self.edit.fieldMenuRequested.connect(lambda pos, gp: editor.field_menu(self, pos, gp))
        self.edit.textMenuRequested.connect(lambda menu: editor.text_menu(self, menu))
        self.edit.focused.connect(lambda: editor.card_focused(self))
        self.set_source_look(source_label_of(source), source)

    def _tool(self, text: str, tip: str, fn) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(fn)
        return b

    @property
    def editable(self) -> bool:
        return self.source != RECORDS

    def set_source_look(self, label: str, source: str) -> None:
        edge, fill = SOURCE_COLORS.get(source, SOURCE_COLORS[CLERK])
        self.badge.setText(label)
        self.badge.setStyleSheet(f"QLabel {{ background: {fill}; color: {edge}; border-radius: 3px; "
                                 f"padding: 0px 5px; font-weight: bold; }}")
        self.setStyleSheet(f"QFrame#passage {{ border-left: 4px solid {edge}; background: #ffffff; "
                           f"margin: 0px; }}")
        tips = {RECORDS: "这句话由软件根据台账记录写出，数字随台账变化；不能直接改字，右键数字可选择写法（余、约）",
                CLERK: "自己填写的文字", SUGGESTION: "采用的建议，可以按本年度情况修改"}
        self.badge.setToolTip(tips.get(source, ""))

    def show_view(self, view: "ItemView") -> None:
        """The passage as the year has it now: its source label, printed or why not, toggle."""
        self.set_source_look(view.source_label, view.source)
        if self.source == RECORDS:
            runs = view.runs if view.printed else []
            if runs != self.edit.runs():
                self.edit.set_runs(runs)
            self.edit.setVisible(view.printed)
        w = self.editor.wording
        if view.when:
            self.when_figure = view.when[0][0]
            self.toggle.setChecked(True)
        else:
            self.toggle.setChecked(False)
        if self.when_figure and self.editable:
            label = self.editor.look.label("figure", self.when_figure)
            zero = view.when and view.when[0][2] != NONZERO
            self.toggle.setText(f"仅当「{label}」{'为零' if zero else '不为零'}时写入")
            self.toggle.setToolTip("勾选：这一段依据这个数字，数字为零时不写入报告；不勾选：总是写入")
            self.toggle.show()
        else:
            self.toggle.hide()
        self.show_printed(view.printed, view.why_not)
        _ = w

    def show_printed(self, printed: bool, why_not: str) -> None:
        self.edit.set_greyed(not printed)
        if printed:
            self.status.hide()
        else:
            text = why_not or "这一段不写入报告"
            if self.source == RECORDS:
                text = f"{text}，这句不写入报告"
                if self.editor.nil_entry_for_records(self.item_id):
                    text += "。本年度确实没有的，可在下方“本年度确无”中勾选"
            self.status.setText(text)
            self.status.setStyleSheet(f"color: {GREY}; padding-left: 2px;")
            self.status.show()


# -- suggestions not adopted ---------------------------------------------------------------------


class SuggestionCard(QFrame):
    def __init__(self, editor: "SectionEditor", sid: str, text: str):
        super().__init__(editor.container)
        self.sid = sid
        self.setObjectName("offered")
        edge, fill = SOURCE_COLORS["offered"]
        self.setStyleSheet(f"QFrame#offered {{ border-left: 4px dashed {edge}; background: {fill}; }}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {GREY};")
        self.label.setToolTip("建议（尚未采用，不写入报告）")
        lay.addWidget(self.label, 1)
        self.adopt = QPushButton("采用")
        self.adopt.setObjectName("adoptButton")
        self.adopt.setToolTip("把这条建议加入本年度的报告，之后可以修改")
        self.adopt.clicked.connect(lambda: editor.adopt(sid))
        lay.addWidget(self.adopt, 0, Qt.AlignmentFlag.AlignTop)


# -- the section --------------------------------------------------------------------------------


class SectionEditor(QWidget):
    """One section of the year's report: heading, passages, suggestions, the checklist of its
    ledgers. Changes go to the tab's YearWording (`wording()`), never to the database."""

    changed = Signal()  # the draft changed (dirty marks, checks and preview follow)
    figureRecordsRequested = Signal(str)  # a figure's key: show the records it counts
    pickFigureRequested = Signal()  # 插入数字…: the list of figures, to choose one
    message = Signal(str)  # a note for the status bar

    def __init__(self, key: str, wording: Callable[[], "YearWording"], look: FieldLook, parent=None):
        super().__init__(parent)
        self.key = key
        self._wording = wording
        self.look = look
        self.sdef = outline.section(key)
        self.stack = QUndoStack(self)
        self.read_only = False
        self.cards: list[ItemCard] = []  # the passages shown, in order
        self._all_cards: dict[int, ItemCard] = {}  # every card made (undo may show it again)
        self._applying = False
        self._last_card: ItemCard | None = None
        self.setObjectName(f"section_{key}")
        f = self.font()
        f.setPointSizeF(max(f.pointSizeF(), 11))
        self.setFont(f)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.heading: PassageEdit | None = None
        if self.sdef.kind in ("sub", "points", "part", "paragraphs"):
            row = QHBoxLayout()
            lab = QLabel("标题：")
            lab.setToolTip("报告中这一部分的标题；不填则用默认标题")
            row.addWidget(lab)
            self.heading = PassageEdit(look, single_line=True, parent=self)
            self.heading.setObjectName("headingEdit")
            self.heading.setFont(f)
            self.heading.document().setDefaultFont(f)
            self.heading.setPlaceholderText(f"默认：{self._default_heading()}")
            self.heading.setToolTip("这一部分的标题（序号由软件自动编排）；清空则用默认标题")
            sec = self.wording.section(key)
            if sec.heading:
                self.heading.set_runs(sec.heading)
            self.heading.document().undoCommandAdded.connect(
                lambda: self.doc_step(self.heading.document(), "修改标题"))
            self.heading.document().contentsChanged.connect(self._heading_edited)
            row.addWidget(self.heading, 1)
            outer.addLayout(row)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.container = QWidget()
        self.container.setObjectName("passages")
        self.container.setStyleSheet("QWidget#passages { background: #f7f8fa; }")
        self.vbox = QVBoxLayout(self.container)
        self.vbox.setContentsMargins(6, 6, 6, 6)
        self.vbox.setSpacing(6)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(6)
        self.vbox.addLayout(self.cards_box)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"color: {GREY};")
        self.vbox.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.add_button = QPushButton("＋ 添加一段文字")
        self.add_button.setObjectName("addPassageButton")
        self.add_button.setToolTip("在本部分末尾添加一段自己填写的文字（在一段中按 Enter 也会另起一段）")
        self.add_button.clicked.connect(lambda: self.add_passage())
        row.addWidget(self.add_button)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreRecordsButton")
        self.restore_button.setToolTip("把移出的来自台账的句子放回本部分")
        self.restore_button.clicked.connect(self.restore_records)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        self.vbox.addLayout(row)
        if self.sdef.kind == "part":
            self.add_button.hide()
        # suggestions
        self.suggest_head = QHBoxLayout()
        self.suggest_label = QLabel()
        self.suggest_label.setWordWrap(True)
        self.suggest_label.setStyleSheet("font-weight: bold; color: #555;")
        self.suggest_head.addWidget(self.suggest_label)
        self.suggest_head.addStretch(1)
        self.adopt_all_button = QPushButton("采用本部分全部建议")
        self.adopt_all_button.setObjectName("adoptAllButton")
        self.adopt_all_button.setToolTip("把下面列出的建议全部加入本年度的报告，之后可以逐段修改或删去")
        self.adopt_all_button.clicked.connect(self.adopt_all)
        self.suggest_head.addWidget(self.adopt_all_button)
        self.vbox.addLayout(self.suggest_head)
        self.suggest_box = QVBoxLayout()
        self.suggest_box.setSpacing(4)
        self.vbox.addLayout(self.suggest_box)
        self.not_offered = QLabel()
        self.not_offered.setWordWrap(True)
        self.not_offered.setStyleSheet(f"color: {GREY};")
        self.vbox.addWidget(self.not_offered)
        # the checklist of the section's ledgers
        self.nil_label = QLabel("本年度确无（勾选后，报告写明“没有”；不勾选，空白的台账不写）：")
        self.nil_label.setWordWrap(True)
        self.nil_label.setStyleSheet("font-weight: bold; color: #555;")
        self.vbox.addWidget(self.nil_label)
        self.nil_box = QVBoxLayout()
        self.nil_box.setSpacing(2)
        self.vbox.addLayout(self.nil_box)
        self.nil_checks: dict[str, QCheckBox] = {}
        self.vbox.addStretch(1)
        self.scroll.setWidget(self.container)
        outer.addWidget(self.scroll, 1)

        self.suggestion_cards: list[SuggestionCard] = []
        self.sync()

    # the model -----------------------------------------------------------------------------------

    @property
    def wording(self) -> "YearWording":
        return self._wording()

    def _default_heading(self) -> str:
        from ..figures import in_town_words

        town = self.wording.profile_shown("town") or "镇"
        return in_town_words(self.sdef.heading, town) if self.sdef.heading else "（无）"

    def _state(self) -> EditorState:
        return EditorState(self.wording.snapshot(self.key), list(self.cards), dict(self.wording.ways))

    def apply_state(self, state: EditorState) -> None:
        """Undo/redo of a SectionChange: the draft, the cards and the year's ways as they were."""
        self._applying = True
        try:
            self.wording.restore(self.key, state.section)
            self.wording.ways = dict(state.ways)
            self.cards = list(state.cards)
            self._relayout()
        finally:
            self._applying = False
        self.changed.emit()

    def _change(self, text: str, fn: Callable[[], object], focus: str | None = None):
        """A change of the passages as one undo step; `focus` an item id to put the cursor in."""
        if self.read_only:
            return None
        before = self._state()
        result = fn()
        self._reconcile()
        self.stack.push(SectionChange(self, text, before, self._state()))
        self._break_merges(None)
        self._relayout()
        if focus:
            self.focus_item(focus)
        self.changed.emit()
        return result

    def doc_step(self, doc, text: str) -> None:
        if self._applying:
            return
        self.stack.push(DocStep(doc, text))
        self._break_merges(doc)

    def _docs(self):
        if self.heading is not None:
            yield self.heading.document()
        for c in self._all_cards.values():
            if c.editable:
                yield c.edit.document()

    def _break_merges(self, keep) -> None:
        """Typing after another step starts a step of its own (QTextDocument merges typing
        into its last step only while it is 'modified')."""
        for d in self._docs():
            if d is not keep:
                d.setModified(False)

    def _reconcile(self) -> None:
        """The cards for the section's items as they are now: existing cards kept by id, a new
        card for a new item."""
        by_id = {c.item_id: c for c in self.cards}
        out = []
        for it in self.wording.section(self.key).items:
            card = by_id.get(it.id)
            if card is None or card.source != it.source:
                card = ItemCard(self, it.id, it.source, it.runs)
                self._all_cards[id(card)] = card
            out.append(card)
        self.cards = out

    def sync(self) -> None:
        """Cards made again from the year's wording (a new year, a reload)."""
        for c in self._all_cards.values():
            c.hide()
            c.deleteLater()
        self._all_cards.clear()
        self.cards = []
        self.stack.clear()
        if self.heading is not None:
            sec = self.wording.section(self.key)
            self._applying = True
            try:
                self.heading.set_runs(sec.heading or [])
            finally:
                self._applying = False
            self.heading.setPlaceholderText(f"默认：{self._default_heading()}")
        self._reconcile()
        self._relayout()

    def _relayout(self) -> None:
        while self.cards_box.count():
            self.cards_box.takeAt(0)
        shown = set(map(id, self.cards))
        for c in self._all_cards.values():
            if id(c) not in shown:
                c.hide()
        for c in self.cards:
            self.cards_box.addWidget(c)
            c.show()
        if self.heading is not None and not self._applying:
            pass
        self.refresh_views()

    def refresh_views(self) -> None:
        """Every card's source label, toggle and printed state; the suggestions; the checklist."""
        w = self.wording
        views = {v.id: v for v in w.items(self.key)}
        for i, c in enumerate(self.cards):
            v = views.get(c.item_id)
            if v is not None:
                c.show_view(v)
            c.up.setEnabled(i > 0 and not self.read_only)
            c.down.setEnabled(i < len(self.cards) - 1 and not self.read_only)
            c.remove.setEnabled(not self.read_only)
            c.toggle.setEnabled(not self.read_only)
            if c.editable:
                c.edit.setReadOnly(self.read_only)
            c.edit.relayout()
        if self.heading is not None:
            self.heading.setReadOnly(self.read_only)
            self.heading.relayout()
        if not self.cards:
            self.empty_label.setText({
                "part": "",
                "problems": "还没有内容。按规定须写明存在的不足及其原因：可采用下面的建议后按本年度情况修改，或点“添加一段文字”自己填写。",
                "plans": "还没有内容。按规定须写明下一年度的主要安排：可采用下面的建议后修改，或自己填写。",
            }.get(self.sdef.kind if self.sdef.kind == "part" else self.key, "这一部分还没有内容。"))
            self.empty_label.setVisible(self.sdef.kind != "part")
        else:
            self.empty_label.hide()
        removed = w.section(self.key).removed
        self.restore_button.setText(f"恢复来自台账的句子（{len(removed)}）")
        self.restore_button.setVisible(bool(removed))
        self.restore_button.setEnabled(not self.read_only)
        self.add_button.setEnabled(not self.read_only)
        self._refresh_suggestions()
        self._refresh_checklist()

    def _refresh_suggestions(self) -> None:
        for c in self.suggestion_cards:
            c.hide()
            c.deleteLater()
        self.suggestion_cards = []
        views = self.wording.suggestions(self.key)
        offered = [s for s in views if s.offered and not s.adopted]
        for s in offered:
            card = SuggestionCard(self, s.id, s.text)
            card.adopt.setEnabled(not self.read_only)
            self.suggest_box.addWidget(card)
            self.suggestion_cards.append(card)
        self.suggest_label.setText(f"可采用的建议（{len(offered)}条，未采用的不写入报告）" if offered else "")
        self.suggest_label.setVisible(bool(offered))
        self.adopt_all_button.setVisible(len(offered) > 1)
        self.adopt_all_button.setEnabled(not self.read_only)
        held = [s for s in views if not s.offered and not s.adopted]
        if held:
            whys = "；".join(dict.fromkeys(s.why for s in held if s.why))
            self.not_offered.setText(f"另有 {len(held)} 条建议暂不提供：{whys}。")
            self.not_offered.show()
        else:
            self.not_offered.hide()

    def _nil_entries(self):
        """The checklist entries of the section's ledgers (NilView, ledger label)."""
        ledgers = {lg.name: lg for lg in LEDGERS if lg.area == self.key}
        keys = {k: lg for lg in ledgers.values() for k, *_ in lg.nil_checks}
        return [(n, keys[n.key]) for n in self.wording.checklist() if n.key in keys]

    def nil_entry_for_records(self, item_id: str) -> bool:
        ledger = item_id[2:] if item_id.startswith("r-") else ""
        return any(lg.name == ledger and (n.offered or n.confirmed) for n, lg in self._nil_entries())

    def _refresh_checklist(self) -> None:
        entries = [(n, lg) for n, lg in self._nil_entries() if n.offered or n.confirmed]
        for key in list(self.nil_checks):
            if key not in {n.key for n, _lg in entries}:
                self.nil_checks.pop(key).deleteLater()
        for n, lg in entries:
            box = self.nil_checks.get(n.key)
            if box is None:
                box = QCheckBox(n.label)
                box.setObjectName("nilCheck")
                box.clicked.connect(lambda on, k=n.key: self.confirm_none(k, on))
                self.nil_box.addWidget(box)
                self.nil_checks[n.key] = box
            box.setChecked(n.confirmed)
            box.setEnabled(not self.read_only)
            if n.conflict:
                box.setStyleSheet("color: #b35c00;")
                box.setToolTip(n.conflict)
            else:
                box.setStyleSheet("")
                box.setToolTip(f"「{lg.label}」台账本年度没有记录。确实没有的请勾选，报告写明没有；"
                               "不勾选，报告不写这一项")
        self.nil_label.setVisible(bool(entries))

    # the clerk's actions ---------------------------------------------------------------------------

    def passage_edited(self, card: ItemCard) -> None:
        if self._applying or card not in self.cards:
            return
        try:
            self.wording.set_runs(self.key, card.item_id, card.edit.runs())
        except KeyError:
            return
        self.changed.emit()

    def _heading_edited(self) -> None:
        if self._applying or self.heading is None:
            return
        runs = self.heading.runs()
        text = "".join(r.text for r in runs if isinstance(r, Text)).strip()
        self.wording.set_heading(self.key, runs if (text or any(not isinstance(r, Text) for r in runs)) else None)
        self.changed.emit()

    def add_passage(self, index: int | None = None, runs: list[Run] | None = None) -> str | None:
        n = len(self.wording.section(self.key).items)
        index = n if index is None else index
        holder: list[str] = []
        self._change("添加一段", lambda: holder.append(self.wording.insert(self.key, index, runs or [])))
        if holder:
            self.focus_item(holder[0])
            return holder[0]
        return None

    def remove(self, card: ItemCard) -> None:
        self._change("删去一段", lambda: self.wording.remove(self.key, card.item_id))

    def move(self, card: ItemCard, delta: int) -> None:
        i = self.cards.index(card)
        j = i + delta
        if not 0 <= j < len(self.cards):
            return
        self._change("移动一段", lambda: self.wording.move(self.key, card.item_id, j), focus=card.item_id)

    def reset_to_default(self) -> None:
        """The section as with nothing saved: its records sentences and its default heading."""
        if self.read_only:
            return
        self.stack.beginMacro("恢复默认")
        try:
            if self.heading is not None and self.heading.runs():
                cur = QTextCursor(self.heading.document())
                cur.select(QTextCursor.SelectionType.Document)
                cur.removeSelectedText()
            self._change("恢复默认", lambda: self.wording.reset_to_default(self.key))
        finally:
            self.stack.endMacro()

    def restore_records(self) -> None:
        self._change("恢复来自台账的句子", lambda: self.wording.restore_records(self.key))

    def adopt(self, sid: str) -> str | None:
        holder: list[str] = []
        self._change("采用建议", lambda: holder.append(self.wording.adopt(self.key, sid)))
        if holder:
            self.focus_item(holder[0], end=True)
            return holder[0]
        return None

    def adopt_all(self) -> list[str]:
        holder: list[list[str]] = []
        self._change("采用本部分全部建议", lambda: holder.append(self.wording.adopt_all(self.key)))
        return holder[0] if holder else []

    def set_when(self, card: ItemCard, on: bool, figure: str | None = None) -> None:
        figure = figure or card.when_figure
        if figure:
            card.when_figure = figure
        self._change("仅当数字不为零时写入" if on else "总是写入",
                     lambda: self.wording.set_when(self.key, card.item_id, figure if on else None))

    def set_way(self, figure: str, say: str) -> None:
        """How the records sentences of the year say a figure (数字, 余, 约)."""
        self._change("改变数字的写法", lambda: self.wording.set_way(figure, say))

    def confirm_none(self, key: str, on: bool) -> None:
        if self.read_only:
            return
        self.wording.confirm_none(key, on)
        self.refresh_views()
        self.changed.emit()

    def split(self, card: ItemCard, pos: int) -> None:
        """Enter: the passage ends here; what follows becomes a new passage after it."""
        if self.read_only:
            return
        edit = card.edit
        after = edit.runs(pos)
        i = self.cards.index(card)
        self.stack.beginMacro("另起一段")
        try:
            if after:
                cur = QTextCursor(edit.document())
                cur.setPosition(pos)
                cur.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
                cur.removeSelectedText()
            holder: list[str] = []
            self._change("另起一段", lambda: holder.append(self.wording.insert(self.key, i + 1, after)))
        finally:
            self.stack.endMacro()
        if holder:
            self.focus_item(holder[0], end=False)

    def join(self, card: ItemCard) -> None:
        """Backspace at the start: an empty passage goes; otherwise it joins the one before
        (when that one is text of the clerk's or a suggestion)."""
        if self.read_only:
            return
        i = self.cards.index(card)
        prev = self.cards[i - 1] if i > 0 else None
        runs = card.edit.runs()
        if not runs:
            self._change("删去一段", lambda: self.wording.remove(self.key, card.item_id))
            if prev is not None:
                self.focus_item(prev.item_id, end=True)
            return
        if prev is None or not prev.editable:
            return
        at = prev.edit.document().characterCount() - 1
        self.stack.beginMacro("合并两段")
        try:
            cur = QTextCursor(prev.edit.document())
            cur.movePosition(QTextCursor.MoveOperation.End)
            cur.beginEditBlock()
            prev.edit._insert_runs(cur, runs)
            cur.endEditBlock()
            self._change("合并两段", lambda: self.wording.remove(self.key, card.item_id))
        finally:
            self.stack.endMacro()
        self.focus_item(prev.item_id)
        c = prev.edit.textCursor()
        c.setPosition(at)
        prev.edit.setTextCursor(c)

    # focus and the figure list ------------------------------------------------------------------

    def card(self, item_id: str) -> ItemCard | None:
        return next((c for c in self.cards if c.item_id == item_id), None)

    def focus_item(self, item_id: str, end: bool = True) -> None:
        card = self.card(item_id)
        if card is None:
            return
        card.edit.setFocus()
        cur = card.edit.textCursor()
        cur.movePosition(QTextCursor.MoveOperation.End if end else QTextCursor.MoveOperation.Start)
        card.edit.setTextCursor(cur)
        self._last_card = card
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(card, 10, 30))

    def focus_next(self, card: ItemCard, delta: int) -> None:
        i = self.cards.index(card) + delta
        if 0 <= i < len(self.cards):
            self.focus_item(self.cards[i].item_id, end=delta < 0)
        elif i < 0 and self.heading is not None:
            self.heading.setFocus()

    def card_focused(self, card: ItemCard) -> None:
        self._last_card = card
        self.scroll.ensureWidgetVisible(card, 10, 30)

    def target_card(self) -> ItemCard | None:
        """Where a figure chosen from the list goes: the passage last worked in, if it may be
        typed in, else the last such passage."""
        if self._last_card in self.cards and self._last_card.editable:
            return self._last_card
        editable = [c for c in self.cards if c.editable]
        return editable[-1] if editable else None

    def insert_field(self, kind: str, name: str, say: str = "") -> bool:
        """A figure (or profile value) at the cursor of the passage being worked in; a new
        passage holding it when there is none."""
        if self.read_only or self.sdef.kind == "part":
            return False
        card = self.target_card()
        if card is None:
            self.add_passage(runs=[])
            card = self.target_card()
            if card is None:
                return False
        card.edit.setFocus()
        card.edit.insert_field(kind, name, say)
        return True

    # menus -----------------------------------------------------------------------------------------

    def field_menu(self, card: ItemCard, pos: int, global_pos) -> None:
        menu = self.make_field_menu(card, pos)
        if menu is not None:
            menu.exec(global_pos)
            menu.deleteLater()

    def make_field_menu(self, card: ItemCard, pos: int) -> QMenu | None:
        """The menu of a field: its ways of saying (each as it would read now), the toggle, its
        records, remove. In a records sentence: the year's way of saying the figure."""
        run = card.edit.field_at(pos)
        if run is None:
            return None
        menu = QMenu(self)
        menu.setObjectName("fieldMenu")
        w = self.wording
        if isinstance(run, Profile):
            head = menu.addAction(f"乡镇概况：{PROFILE_RUNS.get(run.name, '')}（{w.profile_shown(run.name)}）")
            head.setEnabled(False)
        else:
            fig = w.figure(run.figure)
            label = fig.label if fig is not None else "已不存在的数字"
            value = fig.display() if fig is not None else "—"
            head = menu.addAction(f"「{label}」本年度：{value}")
            head.setEnabled(False)
            menu.addSeparator()
            group = QActionGroup(menu)
            if card.editable:
                says = list(SAY_MENU) + (["数"] if run.say == "数" else [])
                allowed = {s for s, _l in self._says_for(run.figure)} | {run.say}
                for say in says:
                    if say not in allowed:
                        continue
                    shown, problem = w.field_shown(run.figure, say)
                    text = f"{SAY_LABELS[say]}：{shown}" if shown else f"{SAY_LABELS[say]}"
                    a = menu.addAction(text)
                    a.setCheckable(True)
                    a.setChecked(say == run.say)
                    a.setEnabled(not self.read_only)
                    a.setData(say)
                    group.addAction(a)
                    a.triggered.connect(lambda _c=False, s=say: card.edit.set_field_say(pos, s))
                menu.addSeparator()
                toggle = menu.addAction("仅当这个数字不为零时写入这一段")
                toggle.setCheckable(True)
                cur_when = [x for x in (w.section(self.key).items) if x.id == card.item_id]
                toggle.setChecked(bool(cur_when and cur_when[0].when and cur_when[0].when[0].figure == run.figure))
                toggle.setEnabled(not self.read_only)
                toggle.triggered.connect(lambda on, f=run.figure: self.set_when(card, on, f))
            else:
                way = w.ways.get(run.figure, "")
                note = menu.addAction("本年度报告中“来自台账”的句子这样写这个数字：")
                note.setEnabled(False)
                if fig is not None and fig.kind in ("total", "sum", "items"):
                    options = ROUND_SAYS
                else:
                    options = ("",)
                for say in options:
                    shown, _p = w.field_shown(run.figure, say)
                    a = menu.addAction(f"{WAY_LABELS[say]}：{shown}" if shown else WAY_LABELS[say])
                    a.setCheckable(True)
                    a.setChecked(say == way)
                    a.setEnabled(not self.read_only)
                    a.setData(say)
                    group.addAction(a)
                    a.triggered.connect(lambda _c=False, s=say, f=run.figure: self.set_way(f, s))
            menu.addSeparator()
            rec = menu.addAction("查看这些记录")
            rec.setToolTip("在台账中只显示计入这个数字的记录")
            rec.triggered.connect(lambda _c=False, f=run.figure: self.figureRecordsRequested.emit(f))
        if card.editable:
            rm = menu.addAction("删除这个数字")
            rm.setEnabled(not self.read_only)
            rm.triggered.connect(lambda: card.edit.remove_field(pos))
        return menu

    def _says_for(self, figure: str) -> list[tuple[str, str]]:
        fig = self.wording.figure(figure)
        says = [("", SAY_LABELS[""])]
        if fig is not None and fig.kind in ("total", "sum", "items"):
            says += [("余", SAY_LABELS["余"]), ("约", SAY_LABELS["约"])]
        return says + [("零", SAY_LABELS["零"])]

    def text_menu(self, card: ItemCard, menu: QMenu) -> None:
        """The edit menu of a passage, with the passage's own actions added."""
        first = menu.actions()[0] if menu.actions() else None
        extra: list[QAction] = []
        if card.editable and not self.read_only:
            a = QAction("插入数字…", menu)
            a.setToolTip("在右侧“插入统计数字”中查找，双击一个数字插到光标处")
            a.triggered.connect(self.pickFigureRequested.emit)
            extra.append(a)
        if card.editable and card.when_figure and not self.read_only:
            label = self.look.label("figure", card.when_figure)
            a = QAction(f"仅当「{label}」不为零时写入", menu)
            a.setCheckable(True)
            a.setChecked(card.toggle.isChecked())
            a.triggered.connect(lambda on: self.set_when(card, on))
            extra.append(a)
        elif card.editable and not self.read_only:
            figures = [r.figure for r in card.edit.runs() if isinstance(r, Field)]
            if figures:
                sub = QMenu("仅当某个数字不为零时写入这一段", menu)
                for f in dict.fromkeys(figures):
                    a = sub.addAction(f"「{self.look.label('figure', f)}」")
                    a.triggered.connect(lambda _c=False, fig=f: self.set_when(card, True, fig))
                extra.append(sub.menuAction())
        if not self.read_only:
            rm = QAction("从报告中删去这一段" if card.editable else "从本部分移出这句来自台账的话", menu)
            rm.triggered.connect(lambda: self.remove(card))
            extra.append(rm)
        if extra:
            menu.insertActions(first, extra) if first else menu.addActions(extra)
            if first:
                menu.insertSeparator(first)

    # state ------------------------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh_views()

    def show_results(self, results) -> None:
        """The cards' printed state from a composition (compose's ItemResult list)."""
        by_id = {r.id: r for r in results}
        for c in self.cards:
            r = by_id.get(c.item_id)
            if r is not None:
                c.show_printed(r.printed, r.why_not)

    def plain_text(self) -> str:
        """What the clerk sees in the section's passages, as text (fields as they show)."""
        parts = []
        for c in self.cards:
            runs = c.edit.runs()
            parts.append("".join(
                r.text if isinstance(r, Text) else self.look.shown(
                    "profile" if isinstance(r, Profile) else "figure",
                    r.name if isinstance(r, Profile) else r.figure, getattr(r, "say", ""))[0]
                for r in runs))
        return "\n".join(parts)


# -- the year's checklist 本年度确无… ----------------------------------------------------------


class ChecklistPage(QWidget):
    """Every entry of the year's checklist, by work area: a ledger with no record for the year
    is not written about, unless the clerk confirms here that there truly was none."""

    changed = Signal()

    def __init__(self, wording: Callable[[], "YearWording"], parent=None):
        super().__init__(parent)
        self._wording = wording
        self.read_only = False
        self.setObjectName("checklistPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("台账中某项工作本年度没有记录时，报告不写这项工作——“没有记录”不等于“没有发生”。"
                       "本年度确实没有的，请在这里勾选，报告会写明没有"
                       "（如“本年度，我镇无作为被申请人的行政复议案件”）。已有记录的不能勾选。")
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        outer.addWidget(intro)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.container = QWidget()
        self.vbox = QVBoxLayout(self.container)
        self.vbox.setContentsMargins(8, 6, 8, 6)
        self.vbox.setSpacing(3)
        self.scroll.setWidget(self.container)
        outer.addWidget(self.scroll, 1)
        self.boxes: dict[str, QCheckBox] = {}
        from ..ledgers import AREAS

        by_key = {k: lg for lg in LEDGERS for k, *_ in lg.nil_checks}
        entries = self.wording.checklist()
        for area, label in AREAS:
            mine = [n for n in entries if by_key[n.key].area == area]
            if not mine:
                continue
            head = QLabel(outline.section_label(area))
            head.setStyleSheet("font-weight: bold; color: #1f3f66; padding-top: 4px;")
            self.vbox.addWidget(head)
            for n in mine:
                box = QCheckBox(n.label)
                box.setObjectName("nilCheck")
                box.clicked.connect(lambda on, k=n.key: self._clicked(k, on))
                self.vbox.addWidget(box)
                self.boxes[n.key] = box
        self.vbox.addStretch(1)
        self.refresh()

    @property
    def wording(self) -> "YearWording":
        return self._wording()

    def _clicked(self, key: str, on: bool) -> None:
        if self.read_only:
            return
        self.wording.confirm_none(key, on)
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        for n in self.wording.checklist():
            box = self.boxes.get(n.key)
            if box is None:
                continue
            box.setChecked(n.confirmed)
            label = n.label if (n.offered or n.confirmed) else f"{n.label}（本年度已有记录）"
            box.setText(label)
            box.setEnabled((n.offered or n.confirmed) and not self.read_only)
            if n.conflict:
                box.setStyleSheet("color: #b35c00;")
                box.setToolTip(n.conflict)
            else:
                box.setStyleSheet("")
                box.setToolTip("勾选：报告写明本年度没有；不勾选：这项工作不写" if n.offered
                               else "台账中本年度已有记录，报告按记录写")

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh()
