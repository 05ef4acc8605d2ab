"""编辑 → 撤销 (Ctrl+Z): the latest change of a ledger's panel that can be taken back.

A panel that did something undoable (a delete, a paste, an edit in the table, a fill down: a
steps.Step) says so with its `undoable` signal; the window's Undo remembers that panel (one at a
time: an earlier panel forgets its step), names the step in the menu (撤销删除（学法活动）,
撤销粘贴（矛盾纠纷调解）) and, on Ctrl+Z, shows the panel and asks it to take the step back.

    window.undo.panel_did(panel)     # connected to each area tab's `undoable`
    window.undo.undo()               # 编辑 → 撤销
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from .area_tab import AreaTab
    from .ledger_panel import LedgerPanel
    from .window_api import Window


class Undo(QObject):
    """The panel whose latest step Ctrl+Z takes back (None: nothing to undo)."""

    def __init__(self, window: Window):
        super().__init__(window.window())
        self.window = window
        self.panel: LedgerPanel | None = None

    @property
    def label(self) -> str | None:
        """The step that can be undone and its ledger (for the menu's words: 删除（学法活动）),
        None when none."""
        step = self.panel.last_step if self.panel is not None else None
        if self.panel is None or step is None:
            return None
        return f"{step.label}（{self.panel.ledger.label}）"

    def panel_did(self, panel: LedgerPanel) -> None:
        """`panel` now holds an undoable step: the one Ctrl+Z takes back."""
        if self.panel is not None and self.panel is not panel:
            try:
                self.panel.forget_undo()
            except RuntimeError:  # its tab was rebuilt
                pass
        self.panel = panel
        self.window.update_state()

    def data_changed(self) -> None:
        """Records changed: a step undone on the panel's own bar leaves nothing to undo here."""
        if self.panel is not None and self.panel.last_step is None:
            self.forget()
            self.window.update_state()

    def forget(self) -> None:
        self.panel = None

    def undo(self) -> bool:
        panel = self.panel
        if panel is None or panel.last_step is None:
            self.window.show_message(self.tr("没有可以撤销的操作。"))
            return False
        tab = self.window.show_tab(panel.ledger.area)
        if tab is not None:
            cast("AreaTab", tab).show_ledger(panel.ledger.name)
        ok = panel.undo_step()
        if ok:
            self.forget()
            self.window.update_state()
        return ok
