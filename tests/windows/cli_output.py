"""Run one command of the app with its output redirected into a file, as ``yaofu … > out.txt``
does on Windows (the file is the child's standard output handle), and check that file: valid
UTF-8 and holding the expected text. Run with the Windows Python.

    python.exe cli_output.py OUT_FILE EXPECTED_TEXT -- main.py ARGS…

Prints the file and exits with the command's exit code, or 9 when the file is not as expected.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    out, expected = Path(sys.argv[1]), sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    with open(out, "wb") as f:
        rc = subprocess.run([sys.executable, *command], stdout=f, stderr=subprocess.STDOUT).returncode
    data = out.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"not UTF-8: {e}; {data[:200]!r}")
        return 9
    print(text.rstrip())
    if expected not in text:
        print(f"expected in the file: {expected}")
        return 9
    return rc


if __name__ == "__main__":
    sys.exit(main())
