"""GUI targets (issues 3 and 13).

- start-up (also alone: ``run.py --only startup``): process start until the window shows the
  first page of the demo's records, against the floor any app that shows Chinese records pays — a
  window with the same tabs that registers the bundled UI font and shows 200 rows read with
  sqlite3, no app code — target ≤ 1.25× (issue 13); and against a bare PySide6 window with the same
  number of tabs, target ≤ 1.5× (issue 3). All three are whole processes, offscreen, exiting on
  their first paint, started in turn (bare, floor, app, bare, …) so that a change in the machine's
  load falls on all of them alike; the best of 9 rounds each;
- first screen of a ledger in the 100k-record database, and of one ledger holding 100,000
  records: model + view made, first page read and painted — target ≤ 100 ms;
- filter: typing a word into the filter box of that 100,000-record ledger until the table has
  been repainted (the mean over five words; clearing the box between them is not timed), shown
  for all years and for a year that holds all 100,000 records — target ≤ 100 ms;
- peak memory (ru_maxrss) of a window on the 100k-record database after visiting every tab,
  scrolling to the end of the big ledger and filtering — target ≤ 250 MB.

The subprocesses get a bytecode cache (PYTHONPYCACHEPREFIX in the scratch folder), as an
installed or frozen app has; the first, cache-filling run of each is not counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import Row

ROOT = Path(__file__).resolve().parents[1]
N_TABS = 10  # nine work areas and 概览

# both child windows: print "first paint" once `painted` has painted, then quit
ON_FIRST_PAINT = """
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            o.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
def done():
    print("first paint", flush=True)
    app.quit()
f = F()
painted.installEventFilter(f)
w.show()
app.exec()
"""

BARE = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication(sys.argv[:1])
w = QMainWindow()
tabs = QTabWidget()
for i in range({N_TABS}):
    tabs.addTab(QWidget(), "Tab %d" % i)
w.setCentralWidget(tabs)
w.resize(1280, 800)
painted = w
""" + ON_FIRST_PAINT


# The floor: the least a window can do that shows a first page of the demo's records in Chinese,
# with no app code at all (ten tabs, the bundled UI font, one table of 200 rows read with sqlite3)
FLOOR = f"""
import sys, sqlite3
from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget, QVBoxLayout, QWidget
app = QApplication(sys.argv[:1])
fid = QFontDatabase.addApplicationFont({str(ROOT / "resources" / "fonts" / "YaofuHei.ttf")!r})
app.setFont(QFont(QFontDatabase.applicationFontFamilies(fid)[0], 10))
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
rows = conn.execute("SELECT date, kind, topic FROM study_sessions ORDER BY date DESC LIMIT 200").fetchall()
class M(QAbstractTableModel):
    def rowCount(self, p=None): return len(rows)
    def columnCount(self, p=None): return 3
    def data(self, i, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole: return rows[i.row()][i.column()]
w = QMainWindow()
tabs = QTabWidget()
page = QWidget()
lay = QVBoxLayout(page)
tv = QTableView()
model = M()
tv.setModel(model)
lay.addWidget(tv)
tabs.addTab(page, "组织领导与学法")
for i in range({N_TABS} - 1):
    tabs.addTab(QWidget(), "标签%d" % i)
w.setCentralWidget(tabs)
w.resize(1280, 800)
painted = tv.viewport()
""" + ON_FIRST_PAINT


def _env(ctx, **extra) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=str(ctx.scratch / "pycache"),
        YAOFU_DATA_DIR=str(ctx.scratch / "gui_userdata"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) the process `pid` has used so far; None where
    /proc cannot tell (not Linux). /proc/PID/stat counts in clock ticks (10 ms, too coarse for a
    first page of 100-200 ms), so the threads' schedstat (nanoseconds) is read too; stat's
    figure, which also holds threads that have ended, is the floor of it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    try:
        fine = sum(int((task / "schedstat").read_text().split()[0])
                   for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
    except (OSError, ValueError, IndexError):
        return ticks
    return max(ticks, fine)


def _first_paints(cmds: dict[str, tuple[list[str], dict]], rounds: int = 9) -> dict[str, tuple[float, float | None]]:
    """For each command, the best time from spawning its process to its first painted page (a
    line on stdout), and the least CPU time the process had used by then (see
    _first_paint_samples)."""
    got = _first_paint_samples(cmds, rounds)
    out: dict[str, tuple[float, float | None]] = {}
    for name, samples in got.items():
        cpus = [c for _w, c in samples if c is not None]
        out[name] = (min(w for w, _c in samples), min(cpus) if cpus else None)
    return out


def _first_paint_samples(cmds: dict[str, tuple[list[str], dict]],
                         rounds: int = 9) -> dict[str, list[tuple[float, float | None]]]:
    """For each command, round by round, the time from spawning its process to its first painted
    page (a line on stdout) and the CPU time the process had used by then; the commands are
    started in turn, round after round, in the reverse order every other round (a round's
    samples were taken side by side, and none always runs after another's tear-down). Tear-down
    after the first paint is not counted, for the app or the others."""
    samples: dict[str, list[tuple[float, float | None]]] = {name: [] for name in cmds}
    for i in range(rounds + 1):
        for name, (cmd, env) in (reversed(cmds.items()) if i % 2 else cmds.items()):
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            line = proc.stdout.readline()
            shown = time.perf_counter() - t
            used = _cpu_seconds(proc.pid)
            proc.communicate(timeout=60)
            if not line.startswith("first paint"):
                raise RuntimeError(f"{name}: no first paint reported")
            if i:  # the first round fills the bytecode cache
                samples[name].append((shown, used))
    return samples


def startup(ctx) -> list[Row]:
    t = _first_paints({
        "bare": ([sys.executable, "-c", BARE], _env(ctx)),
        "floor": ([sys.executable, "-c", FLOOR, str(ctx.demo_db)], _env(ctx)),
        "app": ([sys.executable, str(ROOT / "main.py"), "--db", str(ctx.demo_db)],
                _env(ctx, YAOFU_EXIT_AFTER_FIRST_PAINT="1")),
    })
    (app, app_cpu), (floor, floor_cpu), (bare, _) = t["app"], t["floor"], t["bare"]
    cpu = (f"; CPU time to the first page: app {app_cpu * 1000:.0f} ms, floor {floor_cpu * 1000:.0f} ms "
           f"({app_cpu / floor_cpu:.2f}×)") if app_cpu and floor_cpu else ""
    return [
        Row("start-up to first page / minimal window (floor)", app / floor, 1.25, "×",
            f"app {app * 1000:.0f} ms, floor {floor * 1000:.0f} ms (no app code, the same tabs, the "
            f"bundled UI font, one table of 200 rows read with sqlite3){cpu}"),
        Row("start-up to first page / bare window", app / bare, 1.5, "×",
            f"bare {N_TABS}-tab window {bare * 1000:.0f} ms"),
        Row("  (the floor) / bare", floor / bare, 1.5, "×", "what any app showing the records pays"),
    ]


# -- in a subprocess: a fresh Qt application per measurement set --------------------------------------

CHILD = r"""
import json, os, resource, shutil, sys, time
from pathlib import Path
large, big, one_year = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from yaofu_desktop.gui.i18n import install_fonts, install_translations
install_translations(app); install_fonts(app)
from yaofu_desktop.store import Store, RecordQuery
from yaofu_desktop.ledgers import ledger
from yaofu_desktop.gui.ledger_panel import LedgerPanel

def best(fn, n=5):
    b = float("inf")
    for _ in range(n):
        t = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t)
    return b

out = {}
def first_screen(store, name, year):
    def go():
        p = LedgerPanel(store, ledger(name), year)
        p.resize(1100, 650)
        p.show()
        p.table.viewport().repaint()
        p.close(); p.deleteLater()
    return best(go)

store = Store.open(large, readonly=True)
year = max(store.counts.years())
out["large_first"] = first_screen(store, "mediations", year)
out["large_rows"] = store.count("mediations", RecordQuery(year=year))
big_store = Store.open(big, readonly=True)
out["big_rows"] = big_store.count("mediations")
out["big_first"] = first_screen(big_store, "mediations", None)

words = ["宅基地", "邻里", "土地承包纠纷", "村调委会", "张"]
def filter_time(panel):
    total = 0.0
    for w in words:
        panel.filter_edit.setText(""); panel.apply_filter(); panel.table.viewport().repaint()
        def typed():
            panel.filter_edit.setText(w); panel.apply_filter(); panel.table.viewport().repaint()
        total += best(typed, 3)
    return total / len(words)

p = LedgerPanel(big_store, ledger("mediations"), None)
p.resize(1100, 650); p.show(); QApplication.processEvents()
out["filter"] = filter_time(p)
one_store = Store.open(one_year, readonly=True)
q = LedgerPanel(one_store, ledger("mediations"), 2025)
q.resize(1100, 650); q.show(); QApplication.processEvents()
out["one_year_rows"] = one_store.count("mediations", RecordQuery(year=2025))
out["filter_one_year"] = filter_time(q)
q.close()
p.table.scrollToBottom(); p.table.viewport().repaint()
out["scroll_end"] = best(lambda: (p.table.scrollToTop(), p.table.viewport().repaint(),
                                   p.table.scrollToBottom(), p.table.viewport().repaint()), 3) / 2

# peak memory: the whole window on the 100k-record database, every tab visited
from yaofu_desktop.gui.main_window import MainWindow
w = MainWindow(Store.open(large, readonly=True))
w.resize(1280, 800); w.show()
for i in range(w.tabs.count()):
    w.tabs.setCurrentIndex(i); QApplication.processEvents()
    tab = w.current_area_tab()
    if tab is not None:
        for lg in tab.ledgers:
            tab.show_ledger(lg.name); QApplication.processEvents()
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def big_ledger_db(ctx, years: int = 10) -> Path:
    """One ledger (矛盾纠纷调解) with 100,000 records over `years` years ending 2025 (all in 2025
    with years=1); made once and kept in the temp folder."""
    path = Path(tempfile.gettempdir()) / f"yaofu_gui_100k_one_ledger_{years}y.db"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from yaofu_desktop.store import Store

    tmp = path.with_suffix(".creating")
    tmp.unlink(missing_ok=True)
    with Store.open(tmp, create=True, profile={"township": "测试镇", "report_year": 2025,
                                                "villages": [f"{i}村" for i in range(1, 13)]}) as store:
        kinds = store.choices.values("mediations", "kind")
        rows = []
        for i in range(100_000):
            y = 2026 - years + i % years
            rows.append({
                "date": f"{y}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "committee": "村调委会" if i % 7 else "镇调委会",
                "village": f"{1 + i % 12}村",
                "kind": kinds[i % len(kinds)],
                "parties": f"当事人{i}与当事人{i + 1}",
                "summary": f"{kinds[i % len(kinds)]}纠纷，第{i}号",
                "amount": (i * 37) % 50000,
                "outcome": "调解成功" if i % 50 else "调解不成功",
            })
            if len(rows) == 10_000:
                store.insert_many("mediations", rows)
                rows = []
    os.replace(tmp, path)
    return path


def run(ctx) -> list[Row]:
    rows = []
    big = big_ledger_db(ctx)
    one_year = big_ledger_db(ctx, years=1)
    res = subprocess.run([sys.executable, "-c", CHILD, str(ctx.large_db), str(big), str(one_year)],
                         env=_env(ctx), capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    out = json.loads(res.stdout.strip().splitlines()[-1])
    rows += [
        Row("first screen of a ledger (100k-record db)", out["large_first"] * 1000, 100, "ms",
            f"矛盾纠纷调解, {out['large_rows']} records in the year"),
        Row("first screen of a 100,000-record ledger", out["big_first"] * 1000, 100, "ms",
            f"{out['big_rows']} records, all years"),
        Row("filter a 100,000-record ledger", out["filter"] * 1000, 100, "ms", "all years: type a word, repaint"),
        Row("filter a year of 100,000 records", out["filter_one_year"] * 1000, 100, "ms",
            f"{out['one_year_rows']} records in 2025: type a word, repaint"),
        Row("jump to top/bottom of it", out["scroll_end"] * 1000, 100, "ms", "page cache"),
        Row("peak memory, window on 100k-record db", out["rss_mb"], 250, "MB", "every tab and ledger opened"),
    ]
    return rows
