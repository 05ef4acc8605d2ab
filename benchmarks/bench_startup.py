"""Start-up time against its floor (issue 13): ``python benchmarks/run.py --only startup``.
The measurement is bench_gui.startup (its docstring says how)."""

from __future__ import annotations

from bench_gui import startup as run

__all__ = ["run"]
