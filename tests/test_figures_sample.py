"""The demo's 2025 figures are those of the sample report, figure by figure (sample_figures.tsv)."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import DATA
from yaofu_desktop.figures import NOT_APPLICABLE, compute_map

ROWS = list(csv.DictReader(open(DATA / "sample_figures.tsv", encoding="utf-8"), delimiter="\t"))
KEYS = {
    r["indicator"]: r["figure_key"]
    for r in csv.DictReader(open(DATA / "sample_figure_keys.tsv", encoding="utf-8"), delimiter="\t")
}


def test_every_sample_figure_is_mapped():
    assert len(ROWS) == 34
    assert {r["indicator"] for r in ROWS} == set(KEYS)


@pytest.fixture(scope="module")
def figures_2025(demo_template):
    from yaofu_desktop.store import Store

    with Store.open(demo_template, readonly=True) as store:
        return compute_map(store, 2025)


@pytest.mark.parametrize("row", ROWS, ids=[r["indicator"] for r in ROWS])
def test_sample_figure(row, figures_2025):
    fig = figures_2025[KEYS[row["indicator"]]]
    expected = float(row["value"])
    unit = row["unit"]
    if row["indicator"] == "调解成功率":
        # 98.5 % of 112 disputes is no whole number of cases: the rate is what the records give
        assert fig.denominator == 112
        assert fig.value == round(fig.numerator * 100 / 112, 1)
        assert fig.unit == "%"
        return
    if unit.endswith("(余)"):  # "N余": any count from N to N+9
        assert expected <= fig.value <= expected + 9
        assert fig.unit == unit.removesuffix("(余)")
    elif unit.endswith("(约)"):  # "约N万元"
        assert round(fig.value) == expected
        assert fig.unit == unit.removesuffix("(约)")
    else:
        assert fig.value == expected
        assert fig.unit == unit


def test_figures_of_another_year_differ(demo_template):
    from yaofu_desktop.store import Store

    with Store.open(demo_template, readonly=True) as store:
        f2024 = compute_map(store, 2024)
        f2030 = compute_map(store, 2030)
    assert f2024["mediations.total"].value == 97
    assert f2024["petitions.ontime_rate"].value == round(24 * 100 / 25, 1)
    # rosters carry over; a year with no events has no rate
    assert f2030["mediations.total"].value == 0
    assert f2030["mediations.success_rate"].value is None
    assert f2030["mediations.success_rate"].display() == NOT_APPLICABLE
    assert f2030["mediations.amount"].value == 0


def test_every_figure_has_label_and_unit(figures_2025):
    for fig in figures_2025.values():
        assert fig.label and fig.unit, fig.key
        assert "None" not in fig.display()
