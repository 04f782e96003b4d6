"""Proofs straight from a design folder, with no server and no database.

A design folder (`designs/palestine-oman-2027/`) holds `issue.json` (the proposal body) and
its artwork; with the administrations and formats of `designs/` that is every input a proof
needs, so a design team can render proofs on a laptop before anything is uploaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from app.administrations import seed
from app.core.hashing import sha256_file
from app.designs.formats import StampFormat, formats
from app.press.conditions import condition_for
from app.proofs import kinds
from app.proofs.render.model import ProofRequest, VariantText
from app.proposals.schemas import ProposalCreate


@dataclass(frozen=True)
class Job:
    """One PDF to render: its kind, file name and inputs."""

    kind: str
    name: str
    request: ProofRequest


def design_request(folder: Path, designs_dir: Path) -> ProofRequest:
    """The review-proof inputs of the design in `folder` (status `draft`)."""
    spec = json.loads((folder / "issue.json").read_text(encoding="utf-8"))
    body = ProposalCreate.model_validate({k: v for k, v in spec.items() if k != "artwork"})
    admins = {a.code: a for a in seed.read(designs_dir / "administrations.json")}
    missing = sorted({v.administration for v in body.variants} - set(admins))
    if missing:
        raise ValueError(f"unknown administrations in {folder}: {', '.join(missing)}")
    artwork = folder / spec["artwork"] if spec.get("artwork") else None
    return ProofRequest(
        proposal_id=0,
        title_ar=body.title.ar,
        title_en=body.title.en,
        status="draft",
        format=_stamp_format(designs_dir, body.format),
        variants=tuple(
            VariantText(
                administration_code=v.administration,
                administration_name_en=admins[v.administration].name.en,
                country_ar=admins[v.administration].inscription.ar,
                country_latin=admins[v.administration].inscription.latin,
                face_value_minor=v.face_value_minor,
                minor_per_major=admins[v.administration].unit.minor_per_major,
                unit_ar=admins[v.administration].unit.name.ar,
                unit_en=admins[v.administration].unit.name.en,
                iso4217=admins[v.administration].unit.iso4217,
                digits=v.digits or admins[v.administration].digits,
                issue_date=v.issue_date or body.planned_issue_date,
                quantity=v.quantity,
            )
            for v in body.variants
        ),
        artwork_path=artwork,
        artwork_sha256=sha256_file(artwork) if artwork else None,
        artwork_version=1 if artwork else None,
    )


def _stamp_format(designs_dir: Path, key: str) -> StampFormat:
    try:
        return formats(designs_dir)[key]
    except KeyError:
        raise ValueError(f"unknown stamp format {key!r}") from None


def jobs(request: ProofRequest, kind: str, designs_dir: Path) -> Iterator[Job]:
    """`review`: one PDF of every variant; `stamp`, `sheet`, `press`: one PDF per variant.

    A press PDF gets the printing condition its administration chose in `designs_dir`.
    """
    if kind == "review":
        yield Job(kind, "review.pdf", request)
        return
    for variant in request.variants:
        code = variant.administration_code
        printing = condition_for(designs_dir, code) if kind == "press" else None
        single = replace(request, only=code, printing=printing)
        yield Job(kind, f"{kind}-{variant.administration_code}.pdf", single)


def render(job: Job, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / job.name
    target.write_bytes(kinds.renderer(job.kind)(job.request))
    return target
