"""迎检台账汇编: the demo year bound into one PDF, checked with pypdf: its pages, bookmarks by
ledger and record, the 目录's page numbers against where each ledger really starts, the
records those of the report (Excel's year_records), a scan's pages merged, cancel leaves no
file, and the command line."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from yaofu_desktop.entry import main as cli_main
from yaofu_desktop.figures import year_records
from yaofu_desktop.report.binder import BinderCancelled, build_binder, ledgers_in_report_order


def _outline(reader):
    out = []

    def walk(items, level):
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                out.append((level, it.title, reader.get_destination_page_number(it) + 1))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def demo_binder(tmp_path_factory, demo_template):
    from tests.conftest import copy_database
    from yaofu_desktop.store import Store

    folder = tmp_path_factory.mktemp("binder")
    db = copy_database(demo_template, folder / "demo.db")
    seen = []
    with Store.open(db, readonly=True) as store:
        result = build_binder(store, 2025, folder / "汇编.pdf", progress=lambda f, t: seen.append(f))
        counts = {lg.name: len(year_records(store, lg, 2025)) for lg in ledgers_in_report_order()}
        attached = {lg.name: len(store.attachments.counts(lg.name)) for lg in ledgers_in_report_order()}
    return result, PdfReader(str(result.path)), counts, attached, seen


def test_pages_and_bookmarks(demo_binder):
    result, reader, counts, attached, seen = demo_binder
    assert len(reader.pages) == result.pages > 20
    assert seen == sorted(seen) and seen[-1] == 1.0  # progress only goes forward
    outline = _outline(reader)
    top = [(t, p) for lvl, t, p in outline if lvl == 0]
    assert top[0] == ("目录", 2)
    ledgers = [lg for lg in ledgers_in_report_order() if counts[lg.name]]
    assert [t.split(" ", 1)[1] for t, _ in top[1:]] == [lg.label for lg in ledgers]
    assert [p for _, p in top] == sorted(p for _, p in top)
    # each record with 佐证材料 has its bookmark, under its ledger
    records = [t for lvl, t, _p in outline if lvl == 2]
    assert len(records) == sum(attached.values()) >= 6
    assert result.photos == 7 and result.scan_pages == 1 and result.documents == 1


def test_toc_page_numbers_are_where_ledgers_start(demo_binder):
    result, reader, counts, _attached, _seen = demo_binder
    toc = reader.pages[1].extract_text()
    starts = {t.split(" ", 1)[1]: p for lvl, t, p in _outline(reader) if lvl == 0 and t != "目录"}
    for lg in ledgers_in_report_order():
        if counts[lg.name]:
            m = re.search(re.escape(lg.label) + r"（(\d+)条记录）\s*(\d+)", toc)
            if m is None:  # the 目录 may run onto a second page
                m = re.search(re.escape(lg.label) + r"（(\d+)条记录）\s*(\d+)", reader.pages[2].extract_text())
            assert m, lg.label
            assert int(m.group(1)) == counts[lg.name]  # the report's records
            assert int(m.group(2)) == starts[lg.label]
            page = reader.pages[int(m.group(2)) - 1]
            assert lg.label in page.extract_text()
            assert page.mediabox.width > page.mediabox.height  # tables are landscape
        else:
            assert f"{lg.label}（本年度无记录）" in toc + reader.pages[2].extract_text()
    # page numbers throughout: the last page says it is the last
    assert f"第 {result.pages} 页" in reader.pages[-1].extract_text()
    assert f"共 {result.pages} 页" in reader.pages[1].extract_text()


def test_pages_a_part_runs_on_to_say_what_they_belong_to(demo_binder):
    """A table or 佐证材料 that runs past its first page: each further page says at its top
    which ledger it continues (a page taken out of the binder is still known); its first page,
    under its heading, does not."""
    _result, reader, counts, _attached, _seen = demo_binder
    starts = {t.split(" ", 1)[1]: p for lvl, t, p in _outline(reader) if lvl == 0 and t != "目录"}
    texts = [p.extract_text() for p in reader.pages]
    long = [lg for lg in ledgers_in_report_order() if counts[lg.name] > 40]
    assert long, "the demo has a ledger whose table runs over several pages"
    for lg in long:
        first = starts[lg.label]
        assert "（续）" not in texts[first - 1]
        assert f"{lg.label}（2025年度）（续）" in texts[first], lg.label
    assert "目录（续）" in texts[2] and "（续）" not in texts[1]  # the 目录 runs onto a second page
    assert "学法活动·佐证材料（续）" in "".join(texts)


def test_scan_merged_and_photo_captions(demo_binder):
    result, reader, *_ = demo_binder
    texts = [p.extract_text() for p in reader.pages]
    scan = [i for i, t in enumerate(texts) if "人民调解协议书" in t and "调解协议书" in t]
    assert scan, "the scanned agreement is on a page of the binder"
    assert "矛盾纠纷调解" in texts[scan[0]]  # the record it belongs to
    assert any("签到表" in t and "学法活动" in t for t in texts)
    assert result.path.stat().st_size < 10 * 1024 * 1024


def test_cancel_leaves_no_file(demo_store, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(BinderCancelled):
        build_binder(demo_store, 2025, out, cancelled=lambda: True)
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == []


def test_one_area_and_command_line(demo_db, tmp_path, capsys):
    out = tmp_path / "普法.pdf"
    assert cli_main(["binder", "--db", str(demo_db), "--year", "2025", "--area", "普法宣传", "--out", str(out)]) == 0
    assert "已生成台账汇编" in capsys.readouterr().out
    reader = PdfReader(str(out))
    top = [t for lvl, t, _p in _outline(reader) if lvl == 0]
    assert top[0] == "目录" and all(t.startswith("（九）普法宣传") for t in top[1:])
    assert "普法宣传" in reader.pages[0].extract_text()
    assert cli_main(["binder", "--db", str(demo_db), "--area", "没有", "--out", str(out)]) == 2
    assert "没有这个工作领域" in capsys.readouterr().err
