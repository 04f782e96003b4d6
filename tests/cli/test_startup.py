"""A command loads only what it uses: `stamps --help` and offline proofs stay light.

What each command imports is checked, not how long it takes (times live in `bench/cli.py`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.settings import PROJECT_ROOT

PROBE = """
import json, runpy, sys
sys.argv = ["stamps", *json.loads(sys.argv[1])]
try:
    runpy.run_module("app.cli", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def _top_level_modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("db", "--help"), ("users", "--help")])
def test_help_loads_no_service_code(args: tuple[str, ...]) -> None:
    loaded = _top_level_modules(*args)
    assert "typer" in loaded
    heavy = {"sqlalchemy", "alembic", "fastapi", "starlette", "reportlab", "PIL", "pyhanko"}
    assert not loaded & heavy, sorted(loaded & heavy)


def test_offline_proof_loads_no_database_layer(tmp_path: Path) -> None:
    design = PROJECT_ROOT / "designs" / "palestine-oman-2027"
    loaded = _top_level_modules("proof", str(design), "-k", "stamp", "-o", str(tmp_path))
    assert {"reportlab", "uharfbuzz"} <= loaded
    assert not loaded & {"sqlalchemy", "alembic", "pyhanko", "uvicorn"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stamp-OM.pdf", "stamp-PS.pdf"]
