"""Hole 11 of issue 11: one check over every message template of the app.

Every string literal and f-string of yaofu_desktop that holds Chinese (a message, a label, a
line of the report's wording, strings joined with + included) is read from the source: none
may hold doubled or clashing punctuation (。。 ，。 ；。 …) or an unbalanced （）「」“”; and a
message put inside another (e.message, a reason, a problem) must go in through errors.clause,
which takes its closing 。 off: "未恢复：{e.message}。" said "…文件。。当前数据库没有任何改动。".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from yaofu_desktop.errors import clause

PACKAGE = Path(__file__).resolve().parents[1] / "yaofu_desktop"
CJK = re.compile(r"[\u4e00-\u9fff]")
CLASHES = ("。。", "，。", "；。", "：。", "。，", "，，", "；；", "。；", "，；", "；，", "：：", "、、", "（）",
           "。）")
PAIRS = (("（", "）"), ("「", "」"), ("“", "”"))
# a value holding a whole message (of an exception, or a reason one was refused for)
MESSAGE_NAMES = {"message", "reason", "problem", "status", "msg", "note", "error"}
REGEX_CALLS = {"compile", "sub", "search", "match", "fullmatch", "findall", "finditer", "split"}


def _text(node: ast.AST) -> str | None:
    """A template as text, each placeholder as {…}; None if it is not a string template."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                       for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{…}") + (right if right is not None else "{…}")
    return None


def templates() -> list[tuple[str, int, str]]:
    """(file, line, template) of every string template holding Chinese, docstrings and regular
    expressions left out."""
    out = []
    for f in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.JoinedStr, ast.BinOp)):  # their parts are read with them
                skip |= {id(n) for n in ast.walk(node) if n is not node}
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.body and isinstance(node.body[0], ast.Expr):
                    skip.add(id(node.body[0].value))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in REGEX_CALLS and node.args:
                skip.add(id(node.args[0]))
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            text = _text(node)
            if text is not None and CJK.search(text):
                out.append((str(f.relative_to(PACKAGE.parent)), node.lineno, text))
    return out


def _bare_message(v: ast.AST) -> bool:
    """A value that is a whole message, not passed through clause() (or .rstrip())."""
    name = v.attr if isinstance(v, ast.Attribute) else v.id if isinstance(v, ast.Name) else None
    return name in MESSAGE_NAMES


def embedded_messages() -> list[tuple[str, int, str]]:
    """(file, line, value) of every message put bare into another before 。；， — in an f-string,
    or in a template filled by .format() (the window's tr("…{0}。…").format(…))."""
    out = []
    for f in sorted(PACKAGE.rglob("*.py")):
        where = str(f.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for a, b in zip(node.values, node.values[1:]):
                    if isinstance(a, ast.FormattedValue) and isinstance(b, ast.Constant) \
                            and str(b.value)[:1] in "。；，" and _bare_message(a.value):
                        out.append((where, node.lineno, ast.unparse(a.value)))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "format":
                template = node.func.value
                if isinstance(template, ast.Call) and template.args:  # tr("…")
                    template = template.args[0]
                text = _text(template)
                if not text:
                    continue
                for m in re.finditer(r"\{(\d+)\}[。；，]", text):
                    i = int(m.group(1))
                    if i < len(node.args) and _bare_message(node.args[i]):
                        out.append((where, node.lineno, ast.unparse(node.args[i])))
    return out


def test_the_scan_sees_the_messages():
    found = templates()
    assert len(found) > 500
    assert any("文件未作任何改动" in t for _f, _n, t in found)
    assert any(t.startswith("未恢复：") for _f, _n, t in found)


def test_no_message_template_has_clashing_punctuation_or_unbalanced_brackets():
    bad = []
    for f, n, text in templates():
        bad += [f"{f}:{n}: {c} in {text[:80]!r}" for c in CLASHES if c in text]
        bad += [f"{f}:{n}: {a}{b} unbalanced in {text[:80]!r}" for a, b in PAIRS if text.count(a) != text.count(b)]
    assert bad == []


def test_a_message_inside_another_goes_through_clause():
    assert embedded_messages() == []


@pytest.mark.parametrize("inner,outer", [
    ("该文件不能直接作为备份使用。请选择本程序生成的备份文件。", "未恢复：{0}。当前数据库没有任何改动。"),
    ("无法在 X 创建锁文件（没有权限）。请确认该文件夹可写。", "未恢复：{0}。当前数据库没有任何改动。"),
    ("数据库文件已损坏；", "未备份：{0}。"),
])
def test_clause_takes_the_inner_sentence_end_off(inner, outer):
    said = outer.format(clause(inner))
    assert not any(c in said for c in CLASHES), said


def test_restore_refusals_say_each_sentence_once(demo_db, tmp_path):
    """The refusals of `restore` that put a message inside their own (a live database with its
    -wal offered as the backup; a backup that is no database) end each sentence once."""
    import shutil
    import subprocess
    import sys

    from yaofu_desktop.store import Store

    live = tmp_path / "live" / "在用.db"
    live.parent.mkdir()
    shutil.copyfile(demo_db, live)
    s = Store.open(live)
    s.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "还在 -wal 里"})
    copy = tmp_path / "copy.db"  # copied while the app had it open: half of it in the -wal
    shutil.copyfile(live, copy)
    shutil.copyfile(str(live) + "-wal", str(copy) + "-wal")
    s.close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    said = []
    for source in (copy, junk):
        r = subprocess.run([sys.executable, str(PACKAGE.parent / "main.py"), "restore", "--db", str(demo_db),
                            "--from", str(source)], capture_output=True, text=True, encoding="utf-8")
        assert r.returncode != 0 and r.stderr.startswith("未恢复："), r.stderr
        said.append(r.stderr)
    for text in said:
        assert not any(c in text for c in CLASHES), text
