"""`python -m kasdikdas <command>`: the project's invoke tasks (tasks.py) from any
folder and any shell, e.g. Windows' cmd: `python -m kasdikdas check`."""

from __future__ import annotations

import os
import sys

from invoke import Program

from kasdikdas.config import ROOT


def main(argv: list[str] | None = None) -> None:
    # From the project's folder, invoke finds and loads tasks.py itself, as `invoke` does.
    os.chdir(ROOT)
    program = Program(name="kasdikdas", binary="python -m kasdikdas")
    program.run(["kasdikdas", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
