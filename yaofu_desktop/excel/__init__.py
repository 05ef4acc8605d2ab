"""Excel workbooks (and CSV) of the ledgers: export, blank templates and import.

An exported workbook has, all made from the definitions in ledgers.py (a new field is a new column
here without a change in this package):

- one sheet per ledger, named by its Chinese label: a header row of field labels (required ones
  marked ``*``), one row per record of the year, dates as real dates, money in 元, yes/no as 是/否,
  dropdowns for kinds, villages and yes/no, and at the far right the record key
  ``记录编号（勿改）`` (the record's uid), so that importing the workbook again updates records
  instead of duplicating them;
- ``统计``: the year's figures (not read back);
- ``概况``: the township profile and its villages (read back into a new or empty database);
- ``报告文字``: the year's report wording saved in the database (存在的问题, 工作计划, edited
  sections, 成文日期), read back where the database has none for that year;
- ``说明``: how to fill in the sheets;
- ``选项`` (hidden): the dropdown lists, which also tell the import which kinds the workbook's
  author added; ``类型单位`` (hidden): the units of kinds counted in another unit than their
  ledger's (读书班: 期), so that a kind added on import counts as it did.

Import is in two steps, so that the GUI can show the problems and ask before writing:

    plan = read_workbook(path, store, progress)      # reads and validates; writes nothing
    for p in plan.problems: ...                      # sheet, Excel row, column label, message
    result = apply_import(store, plan, good_rows_only=False, progress=progress)   # one transaction

Both run on a worker thread; `progress(done, total, what)` is called now and then and may raise
to cancel (nothing is written then). While they run, the store must not be used by another thread.

The package, by direction: columns.py (the workbook's layout, shared by both directions),
export.py (writing .xlsx and .csv), xlsx.py (the cells of an .xlsx file, read within fixed
bounds), read.py (reading a file into its raw rows), plan.py
(checking the rows against the database: an ImportPlan), apply.py (writing a plan). The
commands `export` and `import` are in cli/excel.py.
"""

from .apply import ImportResult, apply_import, import_file
from .columns import (
    KEY_HEADER,
    REPORT_HEADER,
    SHEET_PROFILE,
    SHEET_REPORT,
    SHEET_UNITS,
    ledger_columns,
    resolve_ledger,
    sheet_title,
)
from .export import ExportResult, csv_guard, export_csv, export_workbook
from .plan import ImportPlan, PlannedRow, read_workbook
from .read import LIST_PROBLEMS, Problem, Problems
from .xlsx import UNCALCULATED_MESSAGE, limits_text

__all__ = [
    "KEY_HEADER",
    "REPORT_HEADER",
    "SHEET_PROFILE",
    "SHEET_REPORT",
    "SHEET_UNITS",
    "UNCALCULATED_MESSAGE",
    "Problem",
    "Problems",
    "LIST_PROBLEMS",
    "csv_guard",
    "limits_text",
    "PlannedRow",
    "ImportPlan",
    "ImportResult",
    "ExportResult",
    "export_workbook",
    "export_csv",
    "read_workbook",
    "apply_import",
    "import_file",
    "ledger_columns",
    "resolve_ledger",
    "sheet_title",
]
