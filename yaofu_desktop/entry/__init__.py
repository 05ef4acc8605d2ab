"""Where the app starts: `python main.py`, `python -m yaofu_desktop`, the `yaofu` and
`yaofu-desktop` scripts and the frozen program all come here.

    main(["report", "--db", "x.db", "--out", "r.pdf"])   # a command (cli/)
    main([])                                             # the window (gui/)
    main(["--self-test"])                                # every part once (selftest.py)

The one layer that may import both the core's command line and the GUI: the core (everything in
yaofu_desktop/ outside gui/ and entry/) never imports either of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import cli


def main(argv: list[str] | None = None) -> int:
    """The command line, with the window and the self-test it may be asked for."""
    return cli.run(argv, window=gui_main, self_test=self_test)


def self_test() -> int:
    from .selftest import run

    return run()


def gui_main(db: Path | None = None, exit_after_first_paint: bool = False) -> int:
    from ..gui.display_check import display_problem

    problem = display_problem()
    if problem:  # Qt would abort with an English message about its platform plugin
        print(problem, file=sys.stderr)
        return cli.EXIT_USAGE
    try:
        from ..gui.app import run
    except ImportError:
        print(
            "窗口界面尚未就绪（需要安装 PySide6）。可以先使用命令行：demo、figures、check。",
            file=sys.stderr,
        )
        return cli.EXIT_USAGE
    return run(db, exit_after_first_paint=exit_after_first_paint)
