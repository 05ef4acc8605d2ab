"""The shape of the code, checked from its source: layers, import cycles, sizes.

The layers: the core (everything in yaofu_desktop/ outside gui/ and entry/) imports no Qt and
neither the GUI nor the entry point; the GUI (gui/) imports the core, never the entry point; the
entry point (entry/) may import both. Within the core, the report (report/) sits on the data it
reads (ledgers, store, figures, outline, wording …), which imports nothing of it; what uses the
report (Excel's 报告文字 sheet shows the wording as printed, the demo writes its wording through
the editor's model, the command line) sits above it. Imports are read with `ast`, at module level and inside
functions alike, and importing a submodule counts as importing the packages above it (Python runs
their __init__ first). An import under `if TYPE_CHECKING:` runs nothing and is not counted: it
names a type for the checker, as a part names its owner (store.attachments and Store), the way
Anki's col.decks names its Collection.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "yaofu_desktop"
ROOT_NAME = "yaofu_desktop"

MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 400
# the declarative ledger definitions are data, and the compiled forms are generated
SIZE_EXEMPT = {"yaofu_desktop.ledgers"}
SIZE_EXEMPT_PACKAGES = ("yaofu_desktop.gui.forms.",)
# Over the limits still, each to be split (issue 13); one that gets under its limit must leave
# its list, so that the lists only ever shrink.
LONG_MODULES_FOR_NOW: set[str] = set()
CYCLES_FOR_NOW: list[list[str]] = []
LONG_CLASSES_FOR_NOW: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _runtime_nodes(tree: ast.AST):
    """Every node of the tree, but not the bodies of `if TYPE_CHECKING:`."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def _imports(name: str) -> set[str]:
    """The app's modules that `name` imports, anywhere in it (TYPE_CHECKING aside)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            if t in MODULES:
                found.add(t)
                # the packages above it run first, unless this module is inside them
                parts = t.split(".")
                for i in range(1, len(parts)):
                    parent = ".".join(parts[:i])
                    if parent in MODULES and not (name == parent or name.startswith(parent + ".")):
                        found.add(parent)
    found.discard(name)
    return found


def _third_party(name: str) -> set[str]:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


def _layer(name: str) -> str:
    if name == f"{ROOT_NAME}.__main__":  # `python -m yaofu_desktop`
        return "entry"
    for layer in ("gui", "entry"):
        if name == f"{ROOT_NAME}.{layer}" or name.startswith(f"{ROOT_NAME}.{layer}."):
            return layer
    return "core"


def test_the_core_imports_no_qt_no_gui_and_no_entry_point():
    wrong = []
    for name in MODULES:
        if _layer(name) != "core":
            continue
        if "PySide6" in _third_party(name):
            wrong.append(f"{name} imports PySide6")
        wrong += [f"{name} imports {t}" for t in sorted(_imports(name)) if _layer(t) != "core"]
    assert wrong == []


ABOVE_THE_REPORT = ("yaofu_desktop.excel", "yaofu_desktop.demo", "yaofu_desktop.demo_attachments",
                    "yaofu_desktop.cli")


def _core_level(name: str) -> str:
    """"report", "above" (uses the report) or "data" (what the report reads), for a core module."""
    if name == "yaofu_desktop.report" or name.startswith("yaofu_desktop.report."):
        return "report"
    if any(name == a or name.startswith(a + ".") for a in ABOVE_THE_REPORT):
        return "above"
    return "data"


def test_the_report_sits_on_the_data_it_reads():
    wrong = []
    for name in MODULES:
        if _layer(name) != "core":
            continue
        level = _core_level(name)
        allowed = {"data": {"data"}, "report": {"data", "report"}, "above": {"data", "report", "above"}}[level]
        wrong += [f"{name} imports {t}" for t in sorted(_imports(name))
                  if _layer(t) == "core" and _core_level(t) not in allowed]
    assert wrong == []


def test_the_gui_does_not_import_the_entry_point():
    wrong = [
        f"{name} imports {t}"
        for name in MODULES if _layer(name) == "gui"
        for t in sorted(_imports(name)) if _layer(t) == "entry"
    ]
    assert wrong == []


def test_no_import_cycle():
    graph = {name: _imports(name) for name in MODULES}
    # Tarjan's strongly connected components: any with more than one module is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                cycles.append(sorted(scc))

    for v in graph:
        if v not in index:
            visit(v)
    assert [c for c in cycles if c not in CYCLES_FOR_NOW] == []
    assert [c for c in CYCLES_FOR_NOW if c not in cycles] == [], "mended: take it off CYCLES_FOR_NOW"


def _sized(name: str) -> bool:
    return name not in SIZE_EXEMPT and not name.startswith(SIZE_EXEMPT_PACKAGES)


def test_no_module_over_800_lines():
    long = {
        name for name, path in MODULES.items()
        if _sized(name) and len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES
    }
    assert long - LONG_MODULES_FOR_NOW == set(), "split these modules"
    assert LONG_MODULES_FOR_NOW - long == set(), "no longer too long: take them off LONG_MODULES_FOR_NOW"


def test_no_class_over_400_lines():
    long = set()
    for name, path in MODULES.items():
        if not _sized(name):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                long.add(f"{name}.{node.name}")
    assert long - LONG_CLASSES_FOR_NOW == set(), "split these classes"
    assert LONG_CLASSES_FOR_NOW - long == set(), "no longer too long: take them off LONG_CLASSES_FOR_NOW"


def test_the_sample_towns_names_are_shown_only_by_the_demo():
    """The windows' and dialogs' text (ui/*.ui) and the resources the app shows (help, default
    wording, translations' sources) never name the sample town: its names live in demo.py only
    (a clerk of another township saw “如：平罗县姚伏镇人民政府” as the profile's example)."""
    root = PACKAGE.parent
    shown = [*sorted((root / "ui").glob("*.ui")),
             *(p for p in sorted((root / "resources").rglob("*"))
               if p.is_file() and p.suffix in (".md", ".html", ".txt", ".json", ".toml", ".ts", ".ui"))]
    assert shown
    named = [str(p.relative_to(root)) for p in shown
             if any(n in p.read_text(encoding="utf-8") for n in ("姚伏", "平罗"))]
    assert named == []
