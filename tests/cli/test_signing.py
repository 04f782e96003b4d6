"""`stamps signing` on a real installation, and `stamps verify-proof` on what it signed:
with this installation's own certificates, and with a folder a partner downloaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.core.db import Database
from app.core.settings import PROJECT_ROOT, Settings
from app.main import create_app
from app.signing.models import SealedProof
from app.storage.base import content_key
from app.storage.local import LocalStorage
from tests.api.signing.certificates import authority_and_pkcs12, download
from tests.cli.test_failures import stamps
from tests.database import TemplateDatabase


def test_identities_from_the_command_line_and_proofs_checked_with_them(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    with template_db.fresh_copy(tmp_path) as url:
        assert stamps(home, "demo", url=url).status == 0
        database = Database.connect(url)
        try:
            with database.reader() as session:
                row = session.scalars(select(SealedProof)).first()
            assert row is not None
            sealed = LocalStorage(home / "files").read_bytes(
                content_key("sealed-proofs", row.sealed_sha256)
            )
            good = tmp_path / "sealed.pdf"
            good.write_bytes(sealed)

            made = stamps(home, "signing", "new", "PS", url=url)
            assert made.status == 0, made.stderr
            assert "PS: generated signing identity" in made.stdout
            _ca, bundle = authority_and_pkcs12(b"om secret")
            p12 = tmp_path / "om.p12"
            p12.write_bytes(bundle)
            imported = stamps(
                home, "signing", "import", "OM", str(p12), "--password", "om secret", url=url
            )
            assert imported.status == 0, imported.stderr
            assert "OM: imported signing identity" in imported.stdout
            wrong = stamps(home, "signing", "import", "EG", str(p12), "--password", "no", url=url)
            assert wrong.status != 0
            assert "Traceback" not in wrong.stderr
            assert "PKCS#12" in wrong.stderr

            # On the server: this installation's certificates, retired ones included.
            here = stamps(home, "verify-proof", str(good), url=url)
            assert here.status == 0, here.stdout + here.stderr

            settings = Settings(env="test", data_dir=home, database_url=url)
            with TestClient(create_app(settings, database)) as client:
                trust = download(client, tmp_path / "trust", "PS", "OM")
                only_ps = download(client, tmp_path / "only-ps", "PS")
        finally:
            database.engine.dispose()

    # Elsewhere: a partner with the downloaded certificates and no access to the server.
    elsewhere = tmp_path / "elsewhere"
    ran = stamps(elsewhere, "verify-proof", str(good), "--trust", str(trust))
    assert ran.status == 0, ran.stdout + ran.stderr
    assert "for:            Oman Post (OM)" in ran.stdout
    assert ran.stdout.count("unchanged since signed, trusted certificate") == 3

    unknown = stamps(elsewhere, "verify-proof", str(good), "--trust", str(only_ps))
    assert unknown.status == 3, unknown.stdout + unknown.stderr
    assert unknown.stdout.count("UNKNOWN CERTIFICATE") == 1

    flipped = bytearray(sealed)
    flipped[len(sealed) // 3] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(flipped))
    broken = stamps(elsewhere, "verify-proof", str(changed), "--trust", str(trust))
    assert broken.status == 1, broken.stdout + broken.stderr
    assert "NOT VALID" in broken.stderr

    # The README's pyHanko-alone check, as a partner would run it beside the downloaded folder.
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme[readme.index("## Checking an approval yourself") :]
    snippet = section[section.index("```python") + len("```python") : section.index("```\n\nAny")]
    (trust.parent / "proposal-7-approved-proof.pdf").write_bytes(sealed)
    checked = subprocess.run(
        [sys.executable, "-c", snippet],
        cwd=trust.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["ServiceSeal", "Approval-PS", "Approval-OM"]
    assert all(line.endswith("True") for line in lines), lines

    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = stamps(elsewhere, "verify-proof", str(good), "--trust", str(empty))
    assert nothing.status == 2
