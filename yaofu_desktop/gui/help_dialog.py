"""帮助 → 使用说明 (F1): the clerk's guide (resources/help/guide.html), beside the window, so it
can stay open while the clerk works.

    show_guide(window)
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..resources import resource_path

GUIDE = ("help", "guide.html")


class GuideDialog(QDialog):
    """The guide in a text browser; 关闭 closes it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("GuideDialog")
        self.setWindowTitle(self.tr("法治台账 使用说明"))
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide")
        self.browser.setOpenExternalLinks(False)
        path = resource_path(*GUIDE)
        try:
            self.browser.setHtml(path.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(self.tr("找不到使用说明文件（{0}），请重新安装本软件。").format(path))
        lay.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.resize(720, 640)


def show_guide(window) -> GuideDialog:
    """Show the guide (one at a time: the open one is raised)."""
    parent = window.window()
    dlg = parent.findChild(GuideDialog)
    if dlg is None:
        dlg = GuideDialog(parent)
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    return dlg
