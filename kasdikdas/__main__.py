"""`python -m kasdikdas <command>`: the project's invoke tasks (tasks.py) from any
folder and any shell, e.g. Windows' cmd: `python -m kasdikdas check`."""

from __future__ import annotations

import os
import sys

from invoke import Collection, Program

from kasdikdas.build import ROOT


def main(argv: list[str] | None = None) -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import tasks

    program = Program(namespace=Collection.from_module(tasks), name="kasdikdas",
                      binary="python -m kasdikdas")
    program.run(["kasdikdas", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
