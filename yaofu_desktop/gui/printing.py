"""Print the table a clerk is looking at (its filter, order and year), as a plain A4 list."""

from __future__ import annotations

import html

from PySide6.QtGui import QPageLayout, QTextDocument

from . import dialogs

MAX_PRINT_ROWS = 5000


def table_html(panel, title: str, limit: int = MAX_PRINT_ROWS) -> tuple[str, int]:
    model = panel.model
    cols = model.columns
    n = min(model.total, limit)
    rows_html = []
    offset = 0
    while offset < n:
        page = panel.store.select(panel.ledger.name, model.query, limit=min(500, n - offset), offset=offset)
        if not page:
            break
        for i, rec in enumerate(page, offset + 1):
            cells = "".join(f"<td>{html.escape(f.display(rec.get(f.name)))}</td>" for f in cols)
            rows_html.append(f"<tr><td>{i}</td>{cells}</tr>")
        offset += len(page)
    head = "".join(f"<th>{html.escape(f.label)}</th>" for f in cols)
    doc = (
        "<html><body style='font-size:9pt'>"
        f"<h3 align='center'>{html.escape(title)}</h3>"
        "<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse'>"
        f"<tr><th>序号</th>{head}</tr>{''.join(rows_html)}</table>"
        f"<p>共 {model.total} 条{'（只打印前 %d 条）' % limit if model.total > limit else ''}</p>"
        "</body></html>"
    )
    return doc, n


def print_panel(window, panel) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    if panel.model.total == 0:
        dialogs.inform(window, window.tr("打印"), window.tr("当前表格没有记录，无需打印。"))
        return
    township = window.store.profile().get("township") or ""
    year = f"{panel.year}年度" if panel.year else ""
    title = f"{township}{year}{panel.ledger.label}台账"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setDocName(title)
    dlg = QPrintDialog(printer, window)
    dlg.setWindowTitle(window.tr("打印当前表格"))
    if dlg.exec() != QPrintDialog.DialogCode.Accepted:
        return
    body, _n = table_html(panel, title)
    doc = QTextDocument()
    doc.setDefaultFont(window.font())
    doc.setHtml(body)
    doc.print_(printer)
    window.show_message(window.tr("已发送到打印机：{0}").format(title))
