"""The window (PySide6). The only package of the app that imports Qt.

Entry point: :func:`yaofu_desktop.gui.app.run`. The core (store, ledgers, figures) is used as it
is; nothing here holds SQL of its own.
"""
