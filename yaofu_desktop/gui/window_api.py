"""What the main window offers the features it builds: a declared interface, so that a feature
(backups, the database lock, the edit state, the 报告 tab, Excel) never reaches into the window.

    class Backups(QObject):
        def __init__(self, window: Window):
            super().__init__(window.window())       # QWidget.window(): the window as a widget
            window.storeChanged.connect(self._store_changed)
            ...
            window.run_task(job, path, on_done=done, busy="正在备份…")

gui/main_window.py's MainWindow is the one class that provides it; it builds its features and
wires them in one place. A feature that changed what may be done (a task started or ended, the
file became read-only) calls :meth:`Window.update_state`, and gui/menus.py sets every action's
enabled state again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, SignalInstance
    from PySide6.QtWidgets import QWidget

    from ..store import Store
    from .ledger_panel import LedgerPanel


class Window(Protocol):
    """The main window as its features see it."""

    store: Store  # the open database (a new one after 打开数据库 or a restore: see storeChanged)
    year: int  # the year every tab shows
    settings: QSettings  # the program's remembered settings

    @property
    def storeChanged(self) -> SignalInstance:  # noqa: N802 - a Qt signal
        """(Store) another database is open now."""
        ...

    @property
    def yearChanged(self) -> SignalInstance:  # noqa: N802
        """(int) the year shown changed."""
        ...

    @property
    def dataChanged(self) -> SignalInstance:  # noqa: N802
        """(str, a ledger's name) records were saved, deleted or imported."""
        ...

    @property
    def read_only(self) -> bool:
        """Nothing may change the database (opened read-only, or its lock was taken over)."""
        ...

    def window(self) -> QWidget:
        """The window as a widget (QWidget.window()): the parent of dialogs."""
        ...

    def add_tab(self, widget: QWidget, title: str, *, key: str | None = None, index: int | None = None) -> int:
        """Add a tab; `key` names it for :meth:`show_tab` and the remembered last tab."""
        ...

    def show_tab(self, key: str) -> QWidget | None: ...

    def current_panel(self) -> LedgerPanel | None:
        """The ledger table shown, None on a tab without one (概览, 报告)."""
        ...

    def run_task(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None, busy: str = "",
                 **kwargs: Any) -> Any:
        """Run `fn(*args)` off the window's thread (busy cursor, `busy` in the status bar)."""
        ...

    def show_message(self, text: str, ms: int = 6000) -> None:
        """A note in the status bar for `ms` milliseconds."""
        ...

    def switch_store(self, store: Store) -> None:
        """Show `store` instead of the open database (which is closed)."""
        ...

    def reload(self) -> None:
        """Read everything again (after an import, a restore, another program's changes)."""
        ...

    def update_state(self) -> None:
        """Set every action's enabled state again (something a feature knows changed)."""
        ...

    def set_tables_visible(self, visible: bool) -> None:
        """Hide the tabs while the database is closed for a moment (a restore)."""
        ...

    def close(self) -> bool: ...
