"""A date field a clerk types into as in Excel, with a calendar to pick from.

Typing is read by the core (:func:`fields.parse_date`): 2025-03-05, 2025.3.5, 2025/3/5,
2025年3月5日, 20250305; the text is put in the 2025-03-05 form when the field is left. An
impossible date (2025-13-40) is never rolled over into another day: the text stays as typed and
the form says why at the field. One Tab stop (the calendar button takes no focus); Ctrl+A then
typing replaces the text; Alt+↓ or F4 opens the calendar, whose header reads 2025年3月.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..fields import MAX_DATE, MIN_DATE, parse_date


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def month_title(year: int, month: int) -> str:
    """The calendar's header as a clerk reads it: 2025年3月 (Qt's own reads 三月 2025)."""
    return f"{year}年{month}月"


class CalendarPopup(QFrame):
    """A month calendar under a date field; a click (or Enter) picks the day."""

    picked = Signal(object)  # dt.date

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(2)
        head = QHBoxLayout()
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setToolTip(self.tr("上个月"))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("下个月"))
        self.title = QLabel()
        self.title.setObjectName("calendar_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: bold;")
        head.addWidget(self.prev_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.next_button)
        lay.addLayout(head)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("calendar")
        self.calendar.setNavigationBarVisible(False)
        self.calendar.setGridVisible(True)
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(qdate(MIN_DATE))
        self.calendar.setMaximumDate(qdate(MAX_DATE))
        lay.addWidget(self.calendar)
        self.prev_button.clicked.connect(self.calendar.showPreviousMonth)
        self.next_button.clicked.connect(self.calendar.showNextMonth)
        self.calendar.currentPageChanged.connect(self._page)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _page(self, year: int, month: int) -> None:
        self.title.setText(month_title(year, month))

    def _pick(self, q: QDate) -> None:
        self.hide()
        self.picked.emit(pydate(q))

    def open_at(self, widget: QWidget, day: dt.date) -> None:
        self.calendar.setSelectedDate(qdate(day))
        self.calendar.setCurrentPage(day.year, day.month)
        self._page(day.year, day.month)
        self.adjustSize()
        self.move(widget.mapToGlobal(widget.rect().bottomLeft()))
        self.show()
        self.calendar.setFocus()


class DateLineEdit(QWidget):
    """A line to type a date in, and a button that opens the calendar.

    `text()` is what was typed (the store reads and checks it); `date()` the date it reads as,
    or None. `fallback` gives the day the calendar opens on when the field is empty."""

    textChanged = Signal(str)
    editingFinished = Signal()

    def __init__(self, parent=None, *, fallback=None):
        super().__init__(parent)
        self.fallback = fallback or dt.date.today
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.line = QLineEdit()
        self.line.setObjectName("date_line")
        self.line.setPlaceholderText(self.tr("如 2025-03-05"))
        self.line.setToolTip(self.tr("可以输入 2025-03-05、2025.3.5、2025/3/5、2025年3月5日 或 20250305；"
                                     "按 Alt+↓ 打开日历"))
        self.line.setMaxLength(40)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.button = QToolButton()
        self.button.setObjectName("calendar_button")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("打开日历选择日期（Alt+↓）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop for the whole field
        lay.addWidget(self.line, 1)
        lay.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.popup: CalendarPopup | None = None
        self.button.clicked.connect(self.open_calendar)
        self.line.textChanged.connect(self.textChanged)
        self.line.editingFinished.connect(self._finished)
        self.line.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        from PySide6.QtCore import QEvent

        if obj is self.line and event.type() == QEvent.Type.KeyPress:
            k, mods = event.key(), event.modifiers()
            if k == Qt.Key.Key_F4 or (k == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
        return super().eventFilter(obj, event)

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:  # noqa: N802
        self.line.setText(text)

    def date(self) -> dt.date | None:
        return parse_date(self.line.text()) if self.line.text().strip() else None

    def set_date(self, d: dt.date | str | None) -> None:
        """Show `d` (a date, or a stored 2025-03-05); None or "" empties the field."""
        if isinstance(d, str):
            d = parse_date(d) if d.strip() else None
        self.line.setText(d.isoformat() if d else "")

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802
        self.line.setPlaceholderText(text)

    def _finished(self) -> None:
        d = self.date()
        if d is not None and self.line.text() != d.isoformat():
            self.line.setText(d.isoformat())  # 2025.3.5 -> 2025-03-05
        self.editingFinished.emit()

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        day = self.date() or self.fallback()
        if not MIN_DATE <= day <= MAX_DATE:
            day = dt.date.today()
        self.popup.open_at(self.line, day)

    def _picked(self, d: dt.date) -> None:
        self.line.setText(d.isoformat())
        self.line.setFocus()
        self.editingFinished.emit()
