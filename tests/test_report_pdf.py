"""The demo's report as a PDF, read back: every figure stands under its own heading."""

from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import DATA
from yaofu_desktop.report.compose import compose
from yaofu_desktop.store import Store

pdfplumber = pytest.importorskip("pdfplumber")

SECTION_OF_ROW = {  # sample_figures.tsv "一(五) …" -> the run-in heading number
    f"一({n})": f"（{n}）" for n in "一二三四五六七八九"
}


@pytest.fixture(scope="module")
def pdf_text(demo_template, tmp_path_factory):
    from yaofu_desktop.report.pdf import render_pdf

    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with Store.open(demo_template, readonly=True) as store:
        comp = compose(store, 2025)
    assert not comp.errors
    result = render_pdf(comp.document, out)
    assert result.missing_chars == []
    with pdfplumber.open(out) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
    assert sizes == {(595, 842)}  # A4 in points
    text = re.sub(r"\s+", "", "".join(pages))
    text = re.sub(r"—\d+—", "", text)  # page numbers
    return text


def _rows():
    rows = csv.DictReader(open(DATA / "sample_figures.tsv", encoding="utf-8"), delimiter="\t")
    return [r for r in rows if r["section"][:4] in SECTION_OF_ROW]


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["indicator"])
def test_figure_under_its_heading(row, pdf_text):
    heading = SECTION_OF_ROW[row["section"][:4]]
    start = pdf_text.index("一、工作主要举措和成效")
    begin = pdf_text.index(heading, start)
    numerals = "一二三四五六七八九"
    nxt = "二、存在的问题" if heading == "（九）" else f"（{numerals[numerals.index(heading[1]) + 1]}）"
    end = pdf_text.index(nxt, begin + 3)
    section = pdf_text[begin:end]
    fragment = row["sentence_fragment"]
    if row["indicator"] == "调解成功率":
        assert re.search(r"调解成功率达\d+(\.\d)?%", section)
    else:
        assert fragment in section


def test_no_leftovers(pdf_text):
    for bad in ("None", "nan", "{", "}", "不适用", "[["):
        assert bad not in pdf_text
