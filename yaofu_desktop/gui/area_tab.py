"""A work area's tab: its ledgers (a list on the left when there are several), the table of
the chosen ledger, and the area's live figures as the report will state them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..ledgers import AREA_LABELS, SECTIONS, Ledger, ledgers_of_area
from ..store import RecordQuery, Store
from .ledger_panel import LedgerPanel

if TYPE_CHECKING:
    from ..figures import Figure

VALUE_COLOR = "#0b4f9c"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figures_html(ledgers: tuple[Ledger, ...], figures: list[Figure], current: str | None = None) -> str:
    """The figures of an area, one paragraph per ledger, worded as in the report."""
    from ..figures import format_number  # (figures are read after the first paint: not at start-up)

    by_ledger: dict[str, list[Figure]] = {}
    for fig in figures:
        by_ledger.setdefault(fig.ledger or "", []).append(fig)
    parts = []
    for lg in ledgers:
        figs = by_ledger.get(lg.name, [])
        if not figs:
            continue
        main, kinds = [], []
        kind_prefix = f"{lg.name}.{lg.kind_field.name}." if lg.kind_field else None
        for fig in figs:
            if fig.key == f"{lg.name}.total" or fig.key.count(".") == 1:
                value = fig.display()
                if fig.value == 0 and fig.zero:
                    text = _esc(fig.zero)
                else:
                    text = (f"{_esc(fig.label)}：<b style='color:{VALUE_COLOR}'>"
                            f"{_esc(value)}</b>")
                main.append(text)
            elif kind_prefix and fig.key.startswith(kind_prefix) and fig.value:
                kinds.append(f"{_esc(fig.key[len(kind_prefix):])} "
                             f"{format_number(fig.value)} {_esc(fig.unit)}")
        line = "；".join(main)
        if kinds:
            line += f"<span style='color:#666'>　其中 {'、'.join(kinds)}</span>"
        name = _esc(lg.label)
        style = "background:#e8f0fb;" if lg.name == current else ""
        parts.append(f"<p style='margin:1px 0; {style}'><b>{name}</b>　{line}</p>")
    return "".join(parts)


class AreaTab(QWidget):
    changed = Signal(str)  # a ledger of this area changed
    message = Signal(str)
    undoable = Signal(object)  # a panel holding a step Ctrl+Z can take back
    ledgerShown = Signal(str)  # the ledger now shown (the window remembers it)
    yearWanted = Signal(int, str, int)  # (year, ledger, record id): show that year and the record

    def __init__(self, store: Store, area: str, year: int | None, parent=None, *,
                 ledger: str | None = None, read_only: bool = False, figures_later: bool = False):
        super().__init__(parent)
        # the window's first page paints before the figures are read and laid out (the window
        # calls show_figures then): they are the rich text of the start-up's first screen
        self._figures_held = figures_later
        self.read_only = read_only  # the database may not be changed (see LedgerPanel.set_read_only)
        self.store = store
        self.area = area
        self.year = year
        self.ledgers = ledgers_of_area(area)
        self.panels: dict[str, LedgerPanel] = {}
        self._stale_panels: set[str] = set()
        self._figures_stale = True
        self.setObjectName(f"area_{area}")
        self._build()
        names = [lg.name for lg in self.ledgers]
        self.show_ledger(ledger if ledger in names else names[0])  # the last one shown, if known

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 6)
        lay.setSpacing(6)

        box = QFrame()
        box.setObjectName("figures_box")
        box.setStyleSheet("#figures_box { background: #f6f8fb; border: 1px solid #d5dde8; border-radius: 4px; }")
        bl = QVBoxLayout(box)
        bl.setContentsMargins(10, 6, 10, 6)
        bl.setSpacing(2)
        self.figures_title = QLabel()
        self.figures_title.setObjectName("figures_title")
        self.figures_title.setStyleSheet("color:#444;")
        bl.addWidget(self.figures_title)
        self.figures_label = QLabel()
        self.figures_label.setObjectName("figures_label")
        self.figures_label.setWordWrap(True)
        self.figures_label.setTextFormat(Qt.TextFormat.RichText)
        self.figures_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        bl.addWidget(self.figures_label)
        lay.addWidget(box)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.ledger_list = QListWidget()
        self.ledger_list.setObjectName("ledger_list")
        for lg in self.ledgers:
            item = QListWidgetItem(lg.label)
            item.setData(Qt.ItemDataRole.UserRole, lg.name)
            item.setToolTip(lg.description or lg.label)
            self.ledger_list.addItem(item)
        self.ledger_list.setStyleSheet(
            "QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 7px 6px; }"
            "QListWidget::item:selected { background: #1f5fa8; color: white; }")
        width = max(self.fontMetrics().horizontalAdvance(lg.label + "（0000）") for lg in self.ledgers) + 40
        self.ledger_list.setFixedWidth(max(width, 170))
        self.ledger_list.currentRowChanged.connect(self._list_row_changed)
        if len(self.ledgers) == 1:
            self.ledger_list.hide()
        row.addWidget(self.ledger_list)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        lay.addLayout(row, 1)

    # ledgers ---------------------------------------------------------------------------------

    @property
    def current_ledger(self) -> str:
        w = self.stack.currentWidget()
        return w.ledger.name if isinstance(w, LedgerPanel) else self.ledgers[0].name

    @property
    def current_panel(self) -> LedgerPanel | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, LedgerPanel) else None

    def panel(self, ledger_name: str) -> LedgerPanel:
        """The ledger's panel, made when first needed."""
        p = self.panels.get(ledger_name)
        if p is None:
            lg = next(lg for lg in self.ledgers if lg.name == ledger_name)
            p = LedgerPanel(self.store, lg, self.year, self)
            if self.read_only:
                p.set_read_only(True)
            p.changed.connect(self._panel_changed)
            p.message.connect(self.message)
            p.undoable.connect(self.undoable)
            p.yearWanted.connect(lambda y, rid, name=ledger_name: self.yearWanted.emit(y, name, rid))
            self.panels[ledger_name] = p
            self.stack.addWidget(p)
        elif ledger_name in self._stale_panels:
            p.set_year(self.year)
        self._stale_panels.discard(ledger_name)
        return p

    def show_ledger(self, ledger_name: str) -> LedgerPanel:
        p = self.panel(ledger_name)
        self.stack.setCurrentWidget(p)
        names = [lg.name for lg in self.ledgers]
        i = names.index(ledger_name)
        if self.ledger_list.currentRow() != i:
            self.ledger_list.blockSignals(True)
            self.ledger_list.setCurrentRow(i)
            self.ledger_list.blockSignals(False)
        self.refresh_figures()
        self.ledgerShown.emit(ledger_name)
        return p

    def _list_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.ledgers):
            self.show_ledger(self.ledgers[row].name)

    def _panel_changed(self, ledger_name: str) -> None:
        self._figures_stale = True
        self.refresh_figures()
        self.changed.emit(ledger_name)

    def set_read_only(self, read_only: bool) -> None:
        """Every panel of the area shows its records but lets nothing change them (or again may)."""
        self.read_only = read_only
        for p in self.panels.values():
            p.set_read_only(read_only)

    def update_lock(self) -> None:
        """A year was locked or unlocked: the panels read the lock of the year they show again."""
        for p in self.panels.values():
            p.update_lock()

    # year and data -----------------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        self.year = year
        cur = self.current_ledger
        for name, p in self.panels.items():
            if name == cur:
                p.set_year(year)
            else:
                self._stale_panels.add(name)
        self._figures_stale = True
        self.refresh_figures()

    def reload(self) -> None:
        """Data changed elsewhere (an import, another tab): read again what is shown."""
        cur = self.current_ledger
        for name, p in self.panels.items():
            if name == cur:
                p.refresh()
            else:
                self._stale_panels.add(name)
        self._figures_stale = True
        self.refresh_figures()

    def show_figures(self) -> None:
        """The figures held back at start-up (`figures_later`), now."""
        if self._figures_held:
            self._figures_held = False
            self.refresh_figures()

    def refresh_figures(self) -> None:
        if self._figures_held:
            return
        if self.year is None:
            self.figures_label.setText("")
            return
        if self._figures_stale:
            from ..figures import area_figures  # (read after the first paint: not imported at start-up)

            self._figures = area_figures(self.store, self.area, self.year)
            self._figures_stale = False
            if len(self.ledgers) > 1:
                for i, lg in enumerate(self.ledgers):
                    n = self.store.count(lg.name, RecordQuery(year=self.year))
                    self.ledger_list.item(i).setText(f"{lg.label}（{n}）")
        self.figures_title.setText(
            self.tr("{0}年度统计（写入年度报告 一、{1}{2}）").format(
                self.year, SECTIONS[self.area], AREA_LABELS[self.area]))
        self.figures_label.setText(figures_html(self.ledgers, self._figures, self.current_ledger))

    def figures_text(self) -> str:
        """The figures as plain text (tests, copying)."""
        from PySide6.QtGui import QTextDocument

        self.show_figures()
        doc = QTextDocument()
        doc.setHtml(self.figures_label.text())
        return doc.toPlainText()
