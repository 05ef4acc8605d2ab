"""Hole 1 of issue 11: every cell the app writes to .xlsx or .csv is data, never a formula, whatever
field it comes from (kinds, villages, the record key, the profile, report wording); an imported
记录编号 must have the app's own key form."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from yaofu_desktop import excel
from yaofu_desktop.excel.columns import CSV_GUARDED
from yaofu_desktop.store import RecordQuery, Store, is_record_key

YEAR = 2025
EVIL = ["=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","点我")']


@pytest.fixture
def evil_store(empty_store) -> Store:
    """A database holding formula-like text in every kind of field: a village, a kind, text, the
    profile, report wording, and (as a file from before keys were checked would) a record key."""
    s = empty_store
    s.set_profile({"township": "=1+1镇", "operator": "@填报人"})
    s.choices.add("*", "village", EVIL[6])
    s.choices.add("mediations", "kind", EVIL[1])
    s.insert("mediations", {"date": "2025-03-05", "committee": "村调委会", "village": EVIL[6],
                            "kind": EVIL[1], "parties": EVIL[2], "summary": EVIL[4], "outcome": "调解成功"})
    s.insert("mediations", {"date": "2025-03-06", "committee": "村调委会", "kind": "邻里纠纷",
                            "parties": EVIL[3], "summary": EVIL[5], "outcome": "调解成功"})
    with s.transaction():  # a key from before keys were checked on import
        s.conn.execute("UPDATE mediations SET uid = ? WHERE date = '2025-03-05'", (EVIL[0],))
    s.report_texts.set(YEAR, "problems", "=SUM(A1:A9)")
    return s


def _cells(xlsx: Path) -> list[tuple[str, str, str, bool, str]]:
    """(sheet part, reference, type, has a formula, inline text) of every cell of every sheet."""
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    out = []
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                for c in ElementTree.fromstring(z.read(name)).iter(ns + "c"):
                    text = "".join(t.text or "" for t in c.iter(ns + "t"))
                    out.append((name, c.get("r"), c.get("t", "n"), c.find(ns + "f") is not None, text))
    return out


def test_xlsx_export_writes_no_formula_whatever_the_field(evil_store, tmp_path):
    out = tmp_path / "台账.xlsx"
    excel.export_workbook(evil_store, YEAR, out)
    cells = _cells(out)
    assert cells
    assert [c for c in cells if c[3]] == []  # not one formula
    for evil in (EVIL[0], EVIL[1], EVIL[2], EVIL[3], "=1+1镇", "@填报人", "=SUM(A1:A9)"):
        holders = [c for c in cells if c[4] == evil]
        assert holders, evil
        assert all(c[2] == "inlineStr" for c in holders), holders


def test_csv_export_guards_every_cell_and_reads_back(evil_store, tmp_path):
    out = tmp_path / "调解.csv"
    excel.export_csv(evil_store, YEAR, "mediations", out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for r in rows:
        for v in r:
            assert not (v[:1] and v[0] in CSV_GUARDED), (v, r)
    flat = {v for r in rows for v in r}
    assert "'" + EVIL[0] in flat  # the key column too
    assert "'" + EVIL[1] in flat and "'" + EVIL[6] in flat  # a kind and a village
    # the import takes the guard off again: the evil text comes back as it was
    with Store.open(tmp_path / "back.db", create=True) as back:
        back.set_profile({"villages": [EVIL[6]]})
        back.choices.add("mediations", "kind", EVIL[1])
        plan = excel.read_workbook(out, back)
        bad = [(p.row, p.column) for p in plan.problems]
        assert bad == [(2, "记录编号")]  # the key that is not of the app's form
        excel.apply_import(back, plan, good_rows_only=True)
        (rec,) = back.select("mediations", RecordQuery())
        assert (rec["parties"], rec["summary"]) == (EVIL[3], EVIL[5].strip() or EVIL[5])


def test_imported_record_keys_must_have_the_apps_form(empty_store, tmp_path):
    path = tmp_path / "k.xlsx"
    excel.export_workbook(None, None, path, template=True)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["矛盾纠纷调解"]
    head = {str(c.value).rstrip("*"): c.column for c in ws[1] if c.value}
    row = {"受理日期": "2025-03-05", "调委会": "村调委会", "纠纷类型": "邻里纠纷", "调解结果": "调解成功"}
    keys = ["0123456789abcdef0123456789abcdef", "not-a-key-but-printable", "ABCDEF0123456789ABCDEF0123456789"]
    for i, key in enumerate(keys, start=2):
        for label, v in row.items():
            ws.cell(i, head[label]).value = v
        ws.cell(i, head["记录编号（勿改）"]).value = key
    wb.save(path)
    plan = excel.read_workbook(path, empty_store)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "记录编号"), (4, "记录编号")]
    assert is_record_key(keys[0]) and not is_record_key(keys[1]) and not is_record_key(keys[2])
    excel.apply_import(empty_store, plan, good_rows_only=True)
    assert [r["uid"] for r in empty_store.select("mediations", RecordQuery())] == [keys[0]]
