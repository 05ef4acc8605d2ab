"""法治台账 — start the window, or run a command: `python main.py --help`."""

import sys

from yaofu_desktop.entry import main

if __name__ == "__main__":
    sys.exit(main())
