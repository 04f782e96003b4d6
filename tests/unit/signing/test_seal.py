"""Sealing and verifying without HTTP: reviewed bytes kept, tampering found, key files safe."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.pdfgen.canvas import Canvas

from app.signing import keys, seal, verify

T0 = dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC)


def reviewed_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, "Review proof")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def service_key(tmp_path_factory: pytest.TempPathFactory) -> keys.ServiceKey:
    folder = tmp_path_factory.mktemp("keys")
    return keys.ensure(folder / "key.pem", folder / "cert.pem")


def request_for(data: bytes) -> seal.SealRequest:
    return seal.SealRequest(
        proposal_id=7,
        title_en="Palestine - Oman Joint Issue",
        title_ar="إصدار مشترك فلسطين - عُمان",
        proof_sha256=hashlib.sha256(data).hexdigest(),
        approvals=(
            seal.Approval("Ps Approver", "ps-approver", "PS", "Palestine Post", "بريد فلسطين", T0),
            seal.Approval(
                "Om Approver",
                "om-approver",
                "OM",
                "Oman Post",
                "بريد عُمان",
                T0 + dt.timedelta(minutes=5),
            ),
        ),
    )


@pytest.fixture(scope="module")
def sealed(service_key: keys.ServiceKey) -> tuple[bytes, bytes]:
    data = reviewed_pdf()
    return data, seal.seal(data, request_for(data), service_key)


def test_sealed_proof_keeps_reviewed_bytes_and_verifies(
    sealed: tuple[bytes, bytes], service_key: keys.ServiceKey
) -> None:
    reviewed, out = sealed
    assert out[: len(reviewed)] == reviewed
    report = verify.verify(out, service_key.certificate)
    assert report.ok, report
    assert [(s.field, s.name, s.administration, s.meaning) for s in report.signatures][1:] == [
        ("Approval-PS", "Ps Approver", "Palestine Post (PS)", "Approved for print"),
        ("Approval-OM", "Om Approver", "Oman Post (OM)", "Approved for print"),
    ]
    assert report.signatures[0].field == seal.SEAL_FIELD
    assert [s.signed_at for s in report.signatures] == [
        T0 + dt.timedelta(minutes=5),
        T0,
        T0 + dt.timedelta(minutes=5),
    ]


def test_sealing_again_gives_the_same_bytes(
    sealed: tuple[bytes, bytes], service_key: keys.ServiceKey
) -> None:
    reviewed, out = sealed
    assert seal.seal(reviewed, request_for(reviewed), service_key) == out


def test_flipped_byte_in_signed_range_is_found(
    sealed: tuple[bytes, bytes], service_key: keys.ServiceKey
) -> None:
    reviewed, out = sealed
    tampered = bytearray(out)
    at = tampered.index(b"Review proof") if b"Review proof" in tampered else len(reviewed) // 2
    tampered[at] ^= 0x01
    assert not verify.verify(bytes(tampered), service_key.certificate).ok


def test_appended_garbage_is_found(
    sealed: tuple[bytes, bytes], service_key: keys.ServiceKey
) -> None:
    report = verify.verify(sealed[1] + b"\n% appended\n", service_key.certificate)
    assert not report.ok
    assert "bytes were added after the last signature" in report.problems


def test_incremental_update_that_changes_content_is_found(
    sealed: tuple[bytes, bytes], service_key: keys.ServiceKey
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed[1]))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (Changed) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    untyped: Any = writer  # pyHanko's write() carries no annotations
    untyped.write(out)
    report = verify.verify(out.getvalue(), service_key.certificate)
    assert not report.ok
    assert any(not s.intact for s in report.signatures)


def test_another_certificate_is_refused(sealed: tuple[bytes, bytes], tmp_path: Path) -> None:
    other = keys.ensure(tmp_path / "k.pem", tmp_path / "c.pem")
    assert not verify.verify(sealed[1], other.certificate).ok


def test_key_files_are_private_and_made_once_under_concurrency(tmp_path: Path) -> None:
    key_path, cert_path = tmp_path / "keys" / "key.pem", tmp_path / "keys" / "cert.pem"
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _: keys.ensure(key_path, cert_path).fingerprint, range(8)))
    assert len(set(found)) == 1
    for path in (key_path, cert_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.ensure(key_path, cert_path).fingerprint == found[0]


def test_a_lost_certificate_is_made_again_for_the_same_key(tmp_path: Path) -> None:
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    first = keys.ensure(key_path, cert_path)
    cert_path.unlink()
    again = keys.ensure(key_path, cert_path)
    assert again.private_key.private_numbers() == first.private_key.private_numbers()
