"""The filter list beside a ledger's search box: every listed column of the ledger, not one.

A ledger has several columns whose values come from a list (调委会, 纠纷类型, 调解结果,
村（社区）): the list offers each column's values under its name, so a clerk can show the
邻里纠纷 or the 调解成功 mediations as readily as one 调委会's.

    combo = ColumnFilter(store, ledger)
    combo.fill()                    # again when the lists change
    combo.equals()                  # {"kind": "邻里纠纷"} or {}
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from ..fields import Field
from ..ledgers import Ledger
from ..store import Store


def filter_columns(ledger: Ledger) -> list[Field]:
    """The columns a ledger's records can be filtered by: its kind first, then the other listed
    columns the table shows."""
    cols = [f for f in ledger.fields if f.is_choice and f.in_table]
    kf = ledger.kind_field
    if kf is not None and kf in cols:
        cols.remove(kf)
        cols.insert(0, kf)
    return cols


class ColumnFilter(QComboBox):
    """全部, then each listed column's name (not choosable) and its values."""

    def __init__(self, store: Store, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kind_combo")
        self.store = store
        self.ledger = ledger
        self.columns = filter_columns(ledger)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        self.setToolTip(self.tr("按{0}筛选").format("、".join(f"“{f.label}”" for f in self.columns)))

    def fill(self) -> None:
        """The values as the lists hold them now; the value chosen stays chosen."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("全部"), None)
        model = self.model()
        bold = QFont(self.font())
        bold.setBold(True)
        for f in self.columns:
            values = self.store.choices.values(self.ledger.name, f.name)  # (a village column's: the villages)
            if not values:
                continue
            if len(self.columns) > 1:  # the column's name over its values
                self.addItem(self.tr("按{0}：").format(f.label), None)
                if isinstance(model, QStandardItemModel):
                    head = model.item(self.count() - 1)
                    head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
                    head.setFont(bold)
            for v in values:
                self.addItem(v, (f.name, v))
                self.setItemData(self.count() - 1, f"{f.label}：{v}", Qt.ItemDataRole.ToolTipRole)
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)  # the open list shows whole values
        i = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def equals(self) -> dict[str, str]:
        """The filter chosen, as RecordQuery.equals."""
        data = self.currentData()
        return {data[0]: data[1]} if data else {}
