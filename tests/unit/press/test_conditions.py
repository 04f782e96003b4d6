"""Printing conditions from designs/: the shipped profiles, and refusals of broken files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.press.conditions import PrintingFileError, condition_for, load_conditions
from tests.unit.proofs.samples import DESIGNS_DIR


def test_every_administration_prints_on_a_licensed_cmyk_profile() -> None:
    conditions, chosen, default = load_conditions(DESIGNS_DIR)
    assert default in conditions
    assert set(chosen.values()) <= set(conditions)
    for code in ("PS", "OM", "EG", "XX"):
        condition = condition_for(DESIGNS_DIR, code)
        profile = condition.profile()
        assert profile[12:20] == b"prtrCMYK"
        assert condition.rgb_profile()[16:20] == b"RGB "
        for path in (condition.profile_path, condition.rgb_profile_path):
            assert path.with_suffix(".LICENSE").is_file(), path
    assert condition_for(DESIGNS_DIR, "PS").rendering_intent == "RelativeColorimetric"
    assert condition_for(DESIGNS_DIR, "PS").intent_number == 1


def _copy(tmp_path: Path, change: dict[str, object]) -> Path:
    shutil.copytree(DESIGNS_DIR / "colour", tmp_path / "colour")
    raw = json.loads((DESIGNS_DIR / "printing.json").read_text(encoding="utf-8"))
    raw.update(change)
    (tmp_path / "printing.json").write_text(json.dumps(raw), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("change", "message"), [
    ({"default": "nope"}, "default condition"),
    ({"rgb_profile": "colour/coated-fogra39.icc"}, "not an ICC profile of RGB"),
    ({"rgb_profile": "../../etc/passwd"}, "no profile file"),
    ({"administrations": {"PS": "nope"}}, "undefined condition"),
    ({"conditions": {"fogra39": {"profile": "colour/srgb.icc", "identifier": "X",
                                 "registry": "", "info": "x"}}}, "not an ICC profile of CMYK"),
])  # fmt: skip
def test_broken_files_are_refused(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(PrintingFileError, match=message):
        load_conditions(_copy(tmp_path, change))
