"""The approved proof lists its sign-offs; every stamp page carries printer's marks."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from app.designs.formats import StampFormat
from app.proofs.render.model import SignOff
from app.proofs.render.review import render_review_proof
from app.proofs.service import fingerprint
from tests.unit.proofs.samples import make_request
from tests.unit.proofs.test_review_pdf import _page_streams

SIGNED = (
    SignOff(
        "Layla Haddad",
        "PS",
        "Palestine Post",
        "بريد فلسطين",
        datetime.datetime(2027, 1, 5, 14, 3, 27, tzinfo=datetime.UTC),
    ),
    SignOff(
        "Salim Al Balushi",
        "OM",
        "Oman Post",
        "بريد عُمان",
        datetime.datetime(2027, 1, 6, 9, 41, tzinfo=datetime.UTC),
    ),
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "proof.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [executable, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_signoff_time_must_be_aware_utc() -> None:
    with pytest.raises(ValueError, match="UTC"):
        dataclasses.replace(SIGNED[0], time=datetime.datetime(2027, 1, 5, 14, 3))  # noqa: DTZ001
    plus_three = datetime.timezone(datetime.timedelta(hours=3))
    with pytest.raises(ValueError, match="UTC"):
        dataclasses.replace(SIGNED[0], time=datetime.datetime(2027, 1, 5, tzinfo=plus_three))


@pytest.mark.parametrize("status", ["approved", "issued"])
def test_released_proof_lists_every_signoff(
    formats: dict[str, StampFormat], tmp_path: Path, status: str
) -> None:
    request = dataclasses.replace(
        make_request(formats["standard-40x30"], None, status), signoffs=SIGNED
    )
    pdf = render_review_proof(request)
    assert pdf == render_review_proof(request)
    text = _text(pdf, tmp_path)
    for expected in (
        "Sign-offs",
        "Layla Haddad",
        "Salim Al Balushi",
        "Palestine Post",
        "2027-01-05 14:03 UTC",
        "2027-01-06 09:41 UTC",
        "Approved for print",
    ):
        assert expected in text, expected
    assert "/Subtype /Watermark" not in "\n".join(_page_streams(pdf))


def test_signoffs_are_not_printed_before_approval(
    formats: dict[str, StampFormat], tmp_path: Path
) -> None:
    plain = make_request(formats["standard-40x30"], None)
    signed = dataclasses.replace(plain, signoffs=SIGNED)
    assert "Sign-offs" not in _text(render_review_proof(signed), tmp_path)


def test_signoffs_are_part_of_the_fingerprint(formats: dict[str, StampFormat]) -> None:
    plain = make_request(formats["standard-40x30"], None, "approved")
    signed = dataclasses.replace(plain, signoffs=SIGNED)
    later = dataclasses.replace(
        plain,
        signoffs=(dataclasses.replace(SIGNED[0], time=SIGNED[0].time.replace(second=28)),),
    )
    prints = {fingerprint(plain), fingerprint(signed), fingerprint(later)}
    assert len(prints) == 3
    assert fingerprint(signed) == fingerprint(dataclasses.replace(plain, signoffs=SIGNED))


def test_stamp_pages_carry_registration_targets_and_a_colour_bar(
    formats: dict[str, StampFormat],
) -> None:
    request = dataclasses.replace(make_request(formats["standard-40x30"], None), only="OM")
    content = "\n".join(_page_streams(render_review_proof(request)))
    for overprint in ("1 1 0 0 k", "1 0 1 0 k", "0 1 1 0 k", "1 1 1 0 k"):  # colour bar
        assert overprint in content, overprint
    assert content.count("1 1 1 1 k") >= 2  # registration colour: targets and crop marks
