"""The pieces of a section in the 报告 tab's editor: a passage as a card (its source's margin
colour and badge, its toggle, its buttons, why it is not printed), the suggestions not adopted
(greyed, 采用), the checklist 本年度确无 of the section's ledgers, and the year's whole checklist
as a page of its own. The section editor (gui/wording_editor.py) lays them out and does what
their buttons ask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import outline
from ..ledgers import AREAS, LEDGERS
from ..wording import CLERK, NONZERO, RECORDS, SOURCE_LABELS, SUGGESTION, Run
from .wording_fields import GREY, PassageEdit

if TYPE_CHECKING:
    from ..report.editing import ItemView, YearWording
    from .wording_editor import SectionEditor

def warn_look(box: QCheckBox, conflict: str) -> None:
    """A checklist entry in orange while the records contradict it (set only when it changes)."""
    style = "color: #b35c00;" if conflict else ""
    if box.styleSheet() != style:
        box.setStyleSheet(style)


# the sources as the clerk sees them: margin colour, badge background
SOURCE_COLORS = {
    RECORDS: ("#1f5fa8", "#e3eefa"),
    CLERK: ("#2e7d32", "#e6f4ea"),
    SUGGESTION: ("#7b3fa0", "#f1e6f8"),
    "offered": ("#9e9e9e", "#f2f2f2"),
}


NIL_LEDGER = {k: lg for lg in LEDGERS for k, *_ in lg.nil_checks}  # a 本年度确无 entry's ledger


class HeadingRow(QWidget):
    """标题： and the part's heading, one line (its placeholder says the default heading)."""

    def __init__(self, editor: "SectionEditor", font):
        super().__init__(editor)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        lab = QLabel("标题：")
        lab.setToolTip("报告中这一部分的标题；不填则用默认标题")
        row.addWidget(lab)
        self.edit = PassageEdit(editor.look, single_line=True, parent=self)
        self.edit.setObjectName("headingEdit")
        self.edit.setFont(font)
        self.edit.document().setDefaultFont(font)
        self.edit.setToolTip("这一部分的标题（序号由软件自动编排）；清空则用默认标题")
        row.addWidget(self.edit, 1)


# -- a passage as a card -----------------------------------------------------------------------


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
        self._look: tuple[str, str] | None = None  # the source label and colours shown
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
        self.up = self._tool("↑", "上移这一段", lambda: editor.move_card(self, -1))
        self.down = self._tool("↓", "下移这一段", lambda: editor.move_card(self, 1))
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
        self.status.setStyleSheet(f"color: {GREY}; padding-left: 2px;")
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
        self.set_source_look(SOURCE_LABELS.get(source, ""), source)

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
        if self._look == (label, source):
            return  # (style sheets cost: set only when they change)
        self._look = (label, source)
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

    def set_place(self, index: int, count: int, read_only: bool) -> None:
        """Its buttons as its place among `count` passages and the database allow."""
        self.up.setEnabled(index > 0 and not read_only)
        self.down.setEnabled(index < count - 1 and not read_only)
        self.remove.setEnabled(not read_only)
        self.toggle.setEnabled(not read_only)
        if self.editable:
            self.edit.setReadOnly(read_only)
        self.edit.relayout()

    def show_printed(self, printed: bool, why_not: str) -> None:
        self.edit.set_greyed(not printed)
        if printed:
            self.status.hide()
        else:
            text = why_not or "这一段不写入报告"
            if self.source == RECORDS:
                text = f"{text}，这句不写入报告"
                if self.editor.nil.for_records(self.item_id):
                    text += "。本年度确实没有的，可在下方“本年度确无”中勾选"
            self.status.setText(text)
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


class OffersBox(QWidget):
    """The section's suggestions not adopted: greyed, each with 采用, and 采用本部分全部建议;
    those not offered this year (no records of their work) only counted, with why."""

    def __init__(self, editor: "SectionEditor"):
        super().__init__(editor.container)
        self.editor = editor
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        head = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight: bold; color: #555;")
        head.addWidget(self.label)
        head.addStretch(1)
        self.adopt_all_button = QPushButton("采用本部分全部建议")
        self.adopt_all_button.setObjectName("adoptAllButton")
        self.adopt_all_button.setToolTip("把下面列出的建议全部加入本年度的报告，之后可以逐段修改或删去")
        self.adopt_all_button.clicked.connect(editor.adopt_all)
        head.addWidget(self.adopt_all_button)
        lay.addLayout(head)
        self.box = QVBoxLayout()
        self.box.setSpacing(4)
        lay.addLayout(self.box)
        self.not_offered = QLabel()
        self.not_offered.setWordWrap(True)
        self.not_offered.setStyleSheet(f"color: {GREY};")
        lay.addWidget(self.not_offered)
        self.cards: list[SuggestionCard] = []

    def refresh(self) -> None:
        ed = self.editor
        views = ed.wording.suggestions(ed.key)
        offered = [s for s in views if s.offered and not s.adopted]
        if [(c.sid, c.label.text()) for c in self.cards] != [(s.id, s.text) for s in offered]:
            for c in self.cards:
                c.hide()
                c.deleteLater()
            self.cards = []
            for s in offered:
                card = SuggestionCard(ed, s.id, s.text)
                self.box.addWidget(card)
                self.cards.append(card)
        for c in self.cards:
            c.adopt.setEnabled(not ed.read_only)
        self.label.setText(f"可采用的建议（{len(offered)}条，未采用的不写入报告）" if offered else "")
        self.label.setVisible(bool(offered))
        self.adopt_all_button.setVisible(len(offered) > 1)
        self.adopt_all_button.setEnabled(not ed.read_only)
        held = [s for s in views if not s.offered and not s.adopted]
        if held:
            self.not_offered.setText(f"另有 {len(held)} 条建议暂不提供：相应的台账本年度没有记录"
                                     "（报告不写台账中没有的工作）。")
            self.not_offered.setToolTip("\n".join(dict.fromkeys(s.why for s in held if s.why)))
            self.not_offered.show()
        else:
            self.not_offered.hide()


class NilBox(QWidget):
    """The checklist 本年度确无 of the section's ledgers: the entries that may be confirmed this
    year (the ledger has no record) or were."""

    def __init__(self, editor: "SectionEditor"):
        super().__init__(editor.container)
        self.editor = editor
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.label = QLabel("本年度确无（勾选后，报告写明“没有”；不勾选，空白的台账不写）：")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight: bold; color: #555;")
        lay.addWidget(self.label)
        self.box = QVBoxLayout()
        self.box.setSpacing(2)
        lay.addLayout(self.box)
        self.boxes: dict[str, QCheckBox] = {}

    def entries(self):
        """The checklist entries of the section's ledgers (NilView, ledger)."""
        return [(n, NIL_LEDGER[n.key]) for n in self.editor.wording.checklist()
                if NIL_LEDGER[n.key].area == self.editor.key]

    def for_records(self, item_id: str) -> bool:
        """A records sentence (its item id) whose ledger has an entry that may be confirmed."""
        if not item_id.startswith("r-"):
            return False
        return any(lg.name == item_id[2:] and (n.offered or n.confirmed) for n, lg in self.entries())

    def refresh(self) -> None:
        ed = self.editor
        entries = [(n, lg) for n, lg in self.entries() if n.offered or n.confirmed]
        for key in list(self.boxes):
            if key not in {n.key for n, _lg in entries}:
                self.boxes.pop(key).deleteLater()
        for n, lg in entries:
            box = self.boxes.get(n.key)
            if box is None:
                box = QCheckBox(n.label)
                box.setObjectName("nilCheck")
                box.clicked.connect(lambda on, k=n.key: ed.confirm_none(k, on))
                self.box.addWidget(box)
                self.boxes[n.key] = box
            box.setChecked(n.confirmed)
            box.setEnabled(not ed.read_only)
            warn_look(box, n.conflict)
            box.setToolTip(n.conflict or f"「{lg.label}」台账本年度没有记录。确实没有的请勾选，报告写明没有；"
                                         "不勾选，报告不写这一项")
        self.setVisible(bool(entries))


# -- the year's checklist 本年度确无… ---------------------------------------------------------


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
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.container = QWidget()
        self.vbox = QVBoxLayout(self.container)
        self.vbox.setContentsMargins(8, 6, 8, 6)
        self.vbox.setSpacing(3)
        self.scroller.setWidget(self.container)
        outer.addWidget(self.scroller, 1)
        self.boxes: dict[str, QCheckBox] = {}
        entries = self.wording.checklist()
        for area, label in AREAS:
            mine = [n for n in entries if NIL_LEDGER[n.key].area == area]
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
            warn_look(box, n.conflict)
            box.setToolTip(n.conflict or ("勾选：报告写明本年度没有；不勾选：这项工作不写" if n.offered
                                          else "台账中本年度已有记录，报告按记录写"))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.refresh()
