"""The 报告 tab's editor of one part of the report: its heading and its passages.

A part's wording is a list of passages (report/editing.py, YearWording), each from one source:
来自台账 (a sentence the app states from the records), 自己填写, 采用的建议 (and 采用的建议（已修改）).
Each passage is a card (gui/wording_cards.py) with a coloured margin and a badge naming its
source; a passage that will not be printed is greyed with the reason; a passage that depends on a
figure shows the toggle "仅当……不为零时写入". The suggestions not adopted are listed under the
passages, greyed, each with its 采用 button (and 采用本部分全部建议); then the part's checklist
本年度确无. Figures are fields in the text (gui/wording_fields.py); a field's menu says it one
way or another, or shows the records it counts.

Undo: each part has one QUndoStack (the tab's QUndoGroup makes the shown part's active). Typing,
inserting or removing a field and changing its way of saying are steps of the passage's
QTextDocument, mirrored on the stack (`DocStep`); adding, adopting, removing, moving, splitting
and joining passages, the toggles and the year's way of saying a figure are `SectionChange` steps
(the part's draft and its cards, before and after). So Ctrl+Z undoes, in order, whatever was
done last in the part. Nothing here writes to the database: the tab saves the year's draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import outline
from ..report.statements import ROUNDABLE
from ..wording import PROFILE_RUNS, SAY_LABELS, Field, Profile, Run, Section, Text
from .wording_cards import HeadingRow, ItemCard, NilBox, OffersBox
from .wording_fields import GREY, WAY_LABELS, FieldLook, PassageEdit

if TYPE_CHECKING:
    from ..report.editing import YearWording

SAY_MENU = ("", "余", "约", "零")  # the ways offered on a field ("数": only where old wording had it)
ROUND_SAYS: tuple[str, ...] = ("", "余", "约")  # the ways a records sentence may say a figure
SECTION_HINTS = {
    "preamble": "第一句由乡镇概况写出，其后可加自己的话。",
    "results": "这一部分只有标题，内容在（一）至（九）各小节。",
    "problems_intro": "“二、”下的一段引言，可不填。",
    "problems": "每段一条，自动编号；第一句是小标题。须写明不足及其原因。",
    "plans": "每段一条，自动编号；第一句是小标题。",
    "other": "可不填；填写后印为“四、”。",
}
SUB_HINT = "各段依次连成这一小节；右键黄色的数字可改写法。"
EMPTY_HINTS = {
    "results": "",
    "problems": "还没有内容。按规定须写明存在的不足及其原因：可采用下面的建议后按本年度情况修改，"
                "或点“添加一段文字”自己填写。",
    "plans": "还没有内容。按规定须写明下一年度的主要安排：可采用下面的建议后修改，或自己填写。",
}


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
    section: Section | None  # the draft (None: nothing drafted)
    cards: list["ItemCard"]
    ways: dict[str, str]


class SectionChange(QUndoCommand):
    """A change of the section's passages (or of the year's way of saying a figure): its state
    before and after."""

    def __init__(self, undo: "SectionUndo", text: str, before: EditorState, after: EditorState):
        super().__init__(text)
        self.undo_, self.before, self.after = undo, before, after
        self._done = True

    def redo(self):
        if self._done:
            self._done = False
            return
        self.undo_.apply(self.after)

    def undo(self):
        self.undo_.apply(self.before)


class SectionUndo:
    """The undo of one section: its stack, the states its changes are made between, and the
    documents whose typing must not run on into a step of theirs after another step."""

    def __init__(self, editor: "SectionEditor"):
        self.editor = editor
        self.stack = QUndoStack(editor)
        self.applying = False  # an undo or redo is being applied: nothing is pushed meanwhile

    def state(self) -> EditorState:
        ed = self.editor
        return EditorState(ed.wording.snapshot(ed.key), list(ed.cards), dict(ed.wording.ways))

    def apply(self, state: EditorState) -> None:
        """Undo/redo of a SectionChange: the draft, the cards and the year's ways as they were."""
        ed = self.editor
        self.applying = True
        try:
            ed.wording.restore(ed.key, state.section)
            ed.wording.ways = dict(state.ways)
            ed.cards = list(state.cards)
            ed.relayout()
        finally:
            self.applying = False
        ed.changed.emit()

    def change(self, text: str, fn: Callable[[], object]):
        """`fn()` changes the draft; the cards follow; the change is one step."""
        before = self.state()
        result = fn()
        self.editor.reconcile()
        self.stack.push(SectionChange(self, text, before, self.state()))
        self.break_merges(None)
        return result

    def doc_step(self, doc, text: str) -> None:
        if self.applying:
            return
        self.stack.push(DocStep(doc, text))
        self.break_merges(doc)

    def break_merges(self, keep) -> None:
        """Typing after another step starts a step of its own (QTextDocument merges typing
        into its last step only while it is 'modified')."""
        for d in self.editor.documents():
            if d is not keep:
                d.setModified(False)


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
        self.undo = SectionUndo(self)
        self.stack = self.undo.stack  # the tab's QUndoGroup holds it
        self.read_only = False
        self.cards: list[ItemCard] = []  # the passages shown, in order
        self._all_cards: dict[int, ItemCard] = {}  # every card made (undo may show it again)
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
            row = HeadingRow(self, f)
            self.heading = row.edit
            self.heading.document().undoCommandAdded.connect(
                lambda: self.doc_step(self.heading.document(), "修改标题"))
            self.heading.document().contentsChanged.connect(self._heading_edited)
            outer.addWidget(row)

        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.StyledPanel)
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
        buttons = QHBoxLayout()
        self.add_button = QPushButton("＋ 添加一段文字")
        self.add_button.setObjectName("addPassageButton")
        self.add_button.setToolTip("在本部分末尾添加一段自己填写的文字（在一段中按 Enter 也会另起一段）")
        self.add_button.clicked.connect(lambda: self.add_passage())
        buttons.addWidget(self.add_button)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreRecordsButton")
        self.restore_button.setToolTip("把移出的来自台账的句子放回本部分")
        self.restore_button.clicked.connect(self.restore_records)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.vbox.addLayout(buttons)
        if self.sdef.kind == "part":
            self.add_button.hide()
        self.offers = OffersBox(self)  # the suggestions not adopted
        self.vbox.addWidget(self.offers)
        self.nil = NilBox(self)  # the checklist of the section's ledgers
        self.vbox.addWidget(self.nil)
        self.vbox.addStretch(1)
        self.scroller.setWidget(self.container)
        outer.addWidget(self.scroller, 1)

        self.sync()

    # the model -----------------------------------------------------------------------------------

    @property
    def wording(self) -> "YearWording":
        return self._wording()

    def _default_heading(self) -> str:
        from ..figures import in_town_words

        town = self.wording.profile_shown("town") or "镇"
        return in_town_words(self.sdef.heading, town) if self.sdef.heading else "（无）"

    def _change(self, text: str, fn: Callable[[], object], focus: str | None = None):
        """A change of the passages as one undo step; `focus` an item id to put the cursor in."""
        if self.read_only:
            return None
        result = self.undo.change(text, fn)
        self.relayout()
        if focus:
            self.focus_item(focus)
        self.changed.emit()
        return result

    def doc_step(self, doc, text: str) -> None:
        self.undo.doc_step(doc, text)

    def documents(self):
        """The documents of the heading and of every passage that may be typed in."""
        if self.heading is not None:
            yield self.heading.document()
        for c in self._all_cards.values():
            if c.editable:
                yield c.edit.document()

    def reconcile(self) -> None:
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
            self.undo.applying = True
            try:
                self.heading.set_runs(sec.heading or [])
            finally:
                self.undo.applying = False
            self.heading.setPlaceholderText(f"默认：{self._default_heading()}")
        self.reconcile()
        self.relayout()

    def relayout(self) -> None:
        while self.cards_box.count():
            self.cards_box.takeAt(0)
        shown = set(map(id, self.cards))
        for c in self._all_cards.values():
            if id(c) not in shown:
                c.hide()
        for c in self.cards:
            self.cards_box.addWidget(c)
            c.show()
        self.refresh_views()

    def refresh_views(self) -> None:
        """Every card's source label, toggle and printed state; the suggestions; the checklist."""
        w = self.wording
        views = {v.id: v for v in w.items(self.key)}
        for i, c in enumerate(self.cards):
            if c.item_id in views:
                c.show_view(views[c.item_id])
            c.set_place(i, len(self.cards), self.read_only)
        if self.heading is not None:
            self.heading.setReadOnly(self.read_only)
            self.heading.relayout()
        self.empty_label.setText(EMPTY_HINTS.get(self.key, "这一部分还没有内容。"))
        self.empty_label.setVisible(not self.cards and self.sdef.kind != "part")
        removed = w.section(self.key).removed
        self.restore_button.setText(f"恢复来自台账的句子（{len(removed)}）")
        self.restore_button.setVisible(bool(removed))
        self.restore_button.setEnabled(not self.read_only)
        self.add_button.setEnabled(not self.read_only)
        self.offers.refresh()
        self.nil.refresh()

    def passage_edited(self, card: ItemCard) -> None:
        if self.undo.applying or card not in self.cards:
            return
        try:
            self.wording.set_runs(self.key, card.item_id, card.edit.runs())
        except KeyError:
            return
        self.changed.emit()

    def _heading_edited(self) -> None:
        if self.undo.applying or self.heading is None:
            return
        runs = self.heading.runs()
        text = "".join(r.text for r in runs if isinstance(r, Text)).strip()
        self.wording.set_heading(self.key, runs if (text or any(not isinstance(r, Text) for r in runs)) else None)
        self.changed.emit()

    def add_passage(self, index: int | None = None, runs: list[Run] | None = None) -> str | None:
        n = len(self.wording.section(self.key).items)
        at = n if index is None else index
        item = self._change("添加一段", lambda: self.wording.insert(self.key, at, runs or []))
        if item:
            self.focus_item(item)
        return item

    def remove(self, card: ItemCard) -> None:
        self._change("删去一段", lambda: self.wording.remove(self.key, card.item_id))

    def move_card(self, card: ItemCard, delta: int) -> None:
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
        item = self._change("采用建议", lambda: self.wording.adopt(self.key, sid))
        if item:
            self.focus_item(item, end=True)
        return item

    def adopt_all(self) -> list[str]:
        return self._change("采用本部分全部建议", lambda: self.wording.adopt_all(self.key)) or []

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
            item = self._change("另起一段", lambda: self.wording.insert(self.key, i + 1, after))
        finally:
            self.stack.endMacro()
        if item:
            self.focus_item(item, end=False)

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
        QTimer.singleShot(0, lambda: self.scroller.ensureWidgetVisible(card, 10, 30))

    def focus_next(self, card: ItemCard, delta: int) -> None:
        i = self.cards.index(card) + delta
        if 0 <= i < len(self.cards):
            self.focus_item(self.cards[i].item_id, end=delta < 0)
        elif i < 0 and self.heading is not None:
            self.heading.setFocus()

    def card_focused(self, card: ItemCard) -> None:
        self._last_card = card
        self.scroller.ensureWidgetVisible(card, 10, 30)

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
        return field_menu(self, card, pos)

    def text_menu(self, card: ItemCard, menu: QMenu) -> None:
        add_passage_actions(self, card, menu)

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
        return "\n".join(c.edit.shown_text() for c in self.cards)


# -- the menus of a field and of a passage -------------------------------------------------------


def field_menu(ed: SectionEditor, card: ItemCard, pos: int) -> QMenu | None:
    """The menu of a field: its ways of saying (each as it would read now), the toggle, its
    records, remove. In a records sentence: the year's way of saying the figure."""
    run = card.edit.field_at(pos)
    if run is None:
        return None
    menu = QMenu(ed)
    menu.setObjectName("fieldMenu")
    w = ed.wording
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
            roundable = fig is not None and fig.kind in ROUNDABLE  # 余 and 约 only for counts and sums
            allowed = {"", "零", run.say} | ({"余", "约"} if roundable else set())
            for say in says:
                if say not in allowed:
                    continue
                shown, problem = w.field_shown(run.figure, say)
                text = f"{SAY_LABELS[say]}：{shown}" if shown else f"{SAY_LABELS[say]}"
                a = menu.addAction(text)
                a.setCheckable(True)
                a.setChecked(say == run.say)
                a.setEnabled(not ed.read_only)
                a.setData(say)
                group.addAction(a)
                a.triggered.connect(lambda _c=False, s=say: card.edit.set_field_say(pos, s))
            menu.addSeparator()
            toggle = menu.addAction("仅当这个数字不为零时写入这一段")
            toggle.setCheckable(True)
            cur_when = [x for x in (w.section(ed.key).items) if x.id == card.item_id]
            toggle.setChecked(bool(cur_when and cur_when[0].when and cur_when[0].when[0].figure == run.figure))
            toggle.setEnabled(not ed.read_only)
            toggle.triggered.connect(lambda on, f=run.figure: ed.set_when(card, on, f))
        else:
            way = w.ways.get(run.figure, "")
            note = menu.addAction("本年度报告中“来自台账”的句子这样写这个数字：")
            note.setEnabled(False)
            if fig is not None and fig.kind in ROUNDABLE:
                options = ROUND_SAYS
            else:
                options = ("",)  # a rate or a list: said as it is
            for say in options:
                shown, _p = w.field_shown(run.figure, say)
                a = menu.addAction(f"{WAY_LABELS[say]}：{shown}" if shown else WAY_LABELS[say])
                a.setCheckable(True)
                a.setChecked(say == way)
                a.setEnabled(not ed.read_only)
                a.setData(say)
                group.addAction(a)
                a.triggered.connect(lambda _c=False, s=say, f=run.figure: ed.set_way(f, s))
        menu.addSeparator()
        rec = menu.addAction("查看这些记录")
        rec.setToolTip("在台账中只显示计入这个数字的记录")
        rec.triggered.connect(lambda _c=False, f=run.figure: ed.figureRecordsRequested.emit(f))
    if card.editable:
        rm = menu.addAction("删除这个数字")
        rm.setEnabled(not ed.read_only)
        rm.triggered.connect(lambda: card.edit.remove_field(pos))
    return menu


def add_passage_actions(ed: SectionEditor, card: ItemCard, menu: QMenu) -> None:
    """The edit menu of a passage, with the passage's own actions put first."""
    first = menu.actions()[0] if menu.actions() else None
    extra: list[QAction] = []
    if card.editable and not ed.read_only:
        a = QAction("插入数字…", menu)
        a.setToolTip("在右侧“插入统计数字”中查找，双击一个数字插到光标处")
        a.triggered.connect(ed.pickFigureRequested.emit)
        extra.append(a)
    if card.editable and card.when_figure and not ed.read_only:
        label = ed.look.label("figure", card.when_figure)
        a = QAction(f"仅当「{label}」不为零时写入", menu)
        a.setCheckable(True)
        a.setChecked(card.toggle.isChecked())
        a.triggered.connect(lambda on: ed.set_when(card, on))
        extra.append(a)
    elif card.editable and not ed.read_only:
        figures = [r.figure for r in card.edit.runs() if isinstance(r, Field)]
        if figures:
            sub = QMenu("仅当某个数字不为零时写入这一段", menu)
            for f in dict.fromkeys(figures):
                a = sub.addAction(f"「{ed.look.label('figure', f)}」")
                a.triggered.connect(lambda _c=False, fig=f: ed.set_when(card, True, fig))
            extra.append(sub.menuAction())
    if not ed.read_only:
        rm = QAction("从报告中删去这一段" if card.editable else "从本部分移出这句来自台账的话", menu)
        rm.triggered.connect(lambda: ed.remove(card))
        extra.append(rm)
    if extra:
        menu.insertActions(first, extra) if first else menu.addActions(extra)
        if first:
            menu.insertSeparator(first)
