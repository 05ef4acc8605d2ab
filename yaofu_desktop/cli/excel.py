"""The commands `export` (the ledgers to an Excel workbook or CSV, or a blank template) and
`import` (a workbook into a database, all rows or none, or only the good ones)."""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from pathlib import Path
from typing import cast

from ..errors import UserError, error_text
from ..excel import export_csv, export_workbook, resolve_ledger
from ..excel.apply import apply_import
from ..excel.plan import plan_import
from ..excel.read import read_book
from ..fileio import remove_quietly
from ..ledgers import Ledger
from ..store import Store
from . import take_lock


def _out(line: str = "", err: bool = False) -> None:
    print(line, file=sys.stderr if err else sys.stdout)


def cmd_export(args) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(f"输出文件应以 .xlsx（Excel 工作簿）或 .csv 结尾：{out.name}")
    ledger = resolve_ledger(args.ledger) if getattr(args, "ledger", None) else None
    if suffix == ".csv" and ledger is None:
        raise UserError("导出 CSV 时请用 --ledger 指定一本台账，如 --ledger mediations")
    db = args.db  # None only for a blank template (cli._default_db)
    store = Store.open(db, readonly=True) if db is not None else None
    try:
        year = args.year if args.year is not None else (store.report_year() if store else None)
        if suffix == ".csv":
            res = export_csv(store, year, cast(Ledger, ledger).name, out, template=args.template)
        else:
            res = export_workbook(
                store, year, out, template=args.template,
                ledgers=[ledger.name] if ledger else None,
            )
    finally:
        if store is not None:
            store.close()
    if args.template or store is None:
        _out(f"已导出空白模板：{res.path}（{len(res.records)} 本台账）")
    else:
        _out(f"已导出 {year}年度台账：{res.path}（{len(res.records)} 本台账，{res.total} 条记录）")
    return 0


def cmd_import(args) -> int:
    src = Path(args.workbook)
    db = Path(args.db)
    if not db.parent.is_dir():
        raise UserError(f"文件夹不存在：{db.parent}")
    # read the file first: a file that is not a workbook is refused before the database is touched
    book = read_book(src, None)
    lock = take_lock(db, args.force_open)  # not while the app (or another import) has it open
    store = None
    # a new database is built under a hidden name and moved into place when the import is done:
    # a refused, failed or killed import leaves no database where there was none
    created = not db.exists()
    for old in db.parent.glob(f".{db.name}.*.import.part*"):  # left by an import that was killed
        remove_quietly(old)
    work = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.import.part") if created else db
    try:
        store = Store.open(work, create=True)
        plan = plan_import(store, book, None)
        listed, more = plan.warnings.listed()
        for w in listed:
            _out("提示：" + w.line(), err=True)
        if more:
            _out(f"提示：……另有 {more} 条提示未列出", err=True)
        listed, more = plan.problems.listed()
        for p in listed:
            _out(p.line())
        if more:
            _out(f"……另有 {more} 处错误未列出")
        keep = getattr(args, "keep_duplicates", False)
        listed, more = plan.duplicates.listed()
        for p in listed:
            _out(("提示：" if keep else "未导入（可能重复）：") + p.line())
        if more:
            _out(f"……另有 {more} 行可能重复，未列出")
        if plan.duplicates and not keep:
            _out(f"有 {plan.duplicates.total} 行可能与已有记录或前面的行重复，未导入；"
                 "如确实不是重复，请加 --keep-duplicates 一并导入。", err=True)
        if plan.problems and not args.good_rows_only:
            _out(
                f"有 {plan.bad_rows} 行（{plan.problems.total} 处）有错误，未导入任何记录。"
                "请改正后重新导入，或加 --good-rows-only 只导入正确的行。",
                err=True,
            )
            return 1
        result = apply_import(store, plan, good_rows_only=args.good_rows_only, keep_duplicates=keep)
        store.close()
        store = None
        if created:
            os.replace(work, db)
        _out(f"导入完成：{result.summary()}")
        if result.profile_set:
            _out("已导入乡镇概况。")
        return 1 if plan.problems else 0
    except (sqlite3.Error, OSError) as e:  # a full disk, a drive pulled out
        raise UserError(f"导入未完成（{error_text(e)}），未导入任何记录；数据库没有改动") from None
    finally:
        if store is not None:
            try:
                store.close()
            except sqlite3.Error:
                pass
        lock.release()
        if created:
            for suffix in ("", "-wal", "-shm"):
                remove_quietly(str(work) + suffix)
