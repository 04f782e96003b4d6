"""`python -m bench [name …]`: run benchmarks and write their sections of docs/benchmarks.md.

Each benchmark module has `run(args) -> list[str]` (Markdown lines, a `## ` heading first).
Only the sections of the benchmarks that ran are replaced; the others are kept as they were.
`python -m bench catalogue --sizes 100000` passes the options after the name to that module.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

BENCHES = {
    "catalogue": "bench.catalogue",
    "artwork": "bench.artwork",
    "proofs": "bench.proofs",
    "cli": "bench.cli",
}
DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEAD = (
    "# Benchmarks\n\n"
    "Figures from `make bench` (`python -m bench`), on the machine each section names.\n"
)


def _section(name: str, lines: list[str]) -> str:
    return f"<!-- bench:{name} -->\n" + "\n".join(lines).rstrip() + f"\n<!-- /bench:{name} -->\n"


def write(results: dict[str, list[str]]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEAD
    for name, lines in results.items():
        block = _section(name, lines)
        pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->\n", re.S)
        match = pattern.search(text)
        if match:
            text = text[: match.start()] + block + text[match.end() :]
        else:
            text = text.rstrip() + "\n\n" + block
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    names = [a for a in argv if a in BENCHES] or list(BENCHES)
    options = [a for a in argv if a not in BENCHES]
    results: dict[str, list[str]] = {}
    for name in names:
        module = importlib.import_module(BENCHES[name])
        run = module.run
        lines = run(options) if inspect.signature(run).parameters else run()
        print("\n".join(lines))
        results[name] = lines
    write(results)


if __name__ == "__main__":
    main(sys.argv[1:])
