"""A synthetic catalogue for trying the pages and for benchmarks: `stamps demo --catalogue N`.

Realistic in shape: both languages (with the harakat and spelling variants real titles carry),
two-level themes, joint issues of two or three administrations, issue dates over decades,
withdrawals, products. Rows go in by bulk insert (executemany on SQLite, COPY on PostgreSQL),
never through the issuing workflow, then the planner's statistics are refreshed (ANALYZE).
Numbers continue each administration's yearly sequence, so later issues stay gap-free.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from app.catalogue import numbering, release
from app.catalogue.search.document import entry_document
from app.designs.gauges import gauge_label
from app.designs.themes import ThemeList

# code: (inscription ar, latin, unit ar, unit en, minor per major, ISO 4217, values)
ADMINS: dict[str, tuple[str, str, str, str, int, str | None, list[int]]] = {
    "PS": ("فلسطين", "PALESTINE", "مل", "mils", 1000, None, [250, 500, 750, 1000, 1500, 2500]),
    "OM": ("سلطنة عُمان", "SULTANATE OF OMAN", "بيسة", "baisa", 1000, "OMR",
           [100, 200, 300, 500, 1000]),
    "EG": ("مصر", "EGYPT", "قرش", "piastres", 100, "EGP", [50, 100, 250, 500, 1000, 2000]),
}  # fmt: skip
SUBJECTS = [  # (Arabic, English, theme)
    ("يوم البريد العربي", "Arab Postal Day", "arab-postal-day"),
    ("اليوم العالمي للبريد", "World Post Day", "postal-cooperation"),
    ("الخط العربي", "Arabic calligraphy", "calligraphy"),
    ("طيور مهاجرة", "Migratory birds", "birds"),
    ("شجرة الزيتون", "The olive tree", "flora"),
    ("الخيول العربية الأصيلة", "Purebred Arabian horses", "horses"),
    ("القلاع والحصون", "Castles and forts", "architecture"),
    ("الأزياء التراثية", "Traditional dress", "crafts"),
    ("السفن الشراعية", "Sailing ships", "ships"),
    ("الشعاب المرجانية", "Coral reefs", "marine-life"),
    ("الحِرَف اليدوية", "Handicrafts", "crafts"),
    ("المساجد التاريخية", "Historic mosques", "architecture"),
    ("الكنائس القديمة", "Ancient churches", "architecture"),
    ("اليوم الوطني", "National Day", "national-days"),
    ("يوم المرأة", "Women's Day", "women"),
    ("الألعاب الأولمبية", "Olympic Games", "sport"),
    ("كأس العرب", "Arab Cup", "sport"),
    ("الموسيقى الشعبية", "Folk music", "music"),
    ("الآثار الرومانية", "Roman antiquities", "archaeology"),
    ("الفضاء والفلك", "Space and astronomy", "space"),
    ("السكك الحديدية", "Railways", "railways"),
    ("الطيران المدني", "Civil aviation", "aviation"),
    ("أزهار البرية", "Wild flowers", "flora"),
    ("التعليم للجميع", "Education for all", "education"),
    ("مكافحة الملاريا", "Fighting malaria", "health"),
    ("شهر رمضان المبارك", "The holy month of Ramadan", "religious-occasions"),
    ("عيد الميلاد", "Christmas", "religious-occasions"),
    ("شخصيات أدبية", "Literary figures", "personalities"),
    ("الصداقة بين الشعبين", "Friendship between the two peoples", "postal-cooperation"),
    ("العلاقات الدبلوماسية", "Diplomatic relations", "anniversaries"),
]
PLACES = [
    ("القدس", "Jerusalem"), ("مسقط", "Muscat"), ("القاهرة", "Cairo"), ("نابلس", "Nablus"),
    ("صلالة", "Salalah"), ("الإسكندرية", "Alexandria"), ("غزة", "Gaza"), ("نزوى", "Nizwa"),
    ("الأقصر", "Luxor"), ("أريحا", "Jericho"), ("صحار", "Sohar"), ("أسوان", "Aswan"),
    ("بيت لحم", "Bethlehem"), ("الخليل", "Hebron"), ("صور", "Sur"), ("رام الله", "Ramallah"),
]  # fmt: skip
PROCESSES = ["Offset lithography", "Photogravure", "Offset + hot foil", "Intaglio"]
PRINTER_NAMES = ["Cartor Security Printing", "Joh. Enschedé", "Egyptian Postal Printing House",
                 "Oman Printers", "Walsall Security Printers"]  # fmt: skip
DESIGNERS = ["Laila Haddad", "Samir Nasser", "Huda Al-Balushi", "Omar Fathy", "Rana Khalil"]
FORMATS = [("standard-40x30", 40.0, 30.0), ("standard-30x40", 30.0, 40.0)]
GAUGES = [
    (13.5, 13.5, "comb"),
    (13.75, 14.0, "comb"),
    (14.0, 14.0, "line"),
    (11.0, 11.0, "die-cut"),
]
KINDS = ["twin", "se-tenant", "concerted", "parallel"]
ENTRY_COLUMNS = [
    "id", "number", "administration_code", "year", "seq", "joint_issue_id", "is_joint",
    "issue_date", "withdrawn_on", "title_ar", "title_en", "description_ar", "description_en",
    "theme", "theme_group", "inscription_ar", "inscription_latin", "face_value_minor",
    "unit_name_ar", "unit_name_en", "minor_per_major", "iso4217", "width_mm", "height_mm",
    "perforation", "perforation_kind", "perforation_h", "perforation_v", "printing_process",
    "printer", "designer", "first_day_place_ar", "first_day_place_en", "quantity", "format",
    "artwork_sha256", "proof_sha256", "search_text", "created_at", "public_from",
]  # fmt: skip
# Each administration's zone, as designs/administrations.json gives it: a stamp is public
# from 00:00 of its issue date there (`app.catalogue.release`).
ZONES = {"PS": "Asia/Hebron", "OM": "Asia/Muscat", "EG": "Africa/Cairo"}


@dataclass
class Generated:
    entries: int
    joint_issues: int
    products: int


def _harakat(word: str, rng: random.Random) -> str:
    """Sometimes write a title as printed on the stamp, with a few harakat."""
    if rng.random() > 0.15:
        return word
    return word.replace("ل", "لْ", 1).replace("م", "مَ", 1)


def _rows(
    rng: random.Random, n: int, themes: ThemeList, first_id: int, first_joint: int,
    seqs: dict[tuple[str, int], int], first_year: int, last_year: int,
) -> Iterator[tuple[list[dict[str, Any]], list[tuple[int, str]]]]:  # fmt: skip
    entry_id, joint_id = first_id, first_joint
    made = 0
    while made < n:
        if rng.random() < 0.15:
            codes = rng.sample(sorted(ADMINS), rng.choice((2, 2, 3)))
            joint: int | None = joint_id
            joint_id += 1
        else:
            codes = [rng.choice(sorted(ADMINS))]
            joint = None
        codes = codes[: n - made]
        year = rng.randint(first_year, last_year)
        date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        subject_ar, subject_en, theme_slug = rng.choice(SUBJECTS)
        place_ar, place_en = rng.choice(PLACES)
        theme = themes.get(theme_slug)
        fmt, width, height = rng.choice(FORMATS)
        h, v, kind = rng.choice(GAUGES)
        perf_label = gauge_label(h) + ("" if h == v else f" × {gauge_label(v)}")
        if kind == "die-cut":
            perf_label = f"die-cut {perf_label}"
        title_ar = f"{_harakat(subject_ar, rng)} - {place_ar}"
        title_en = f"{subject_en} - {place_en}"
        batch = []
        for code in codes:
            ins_ar, ins_latin, unit_ar, unit_en, per_major, iso, values = ADMINS[code]
            seq = seqs.get((code, year), 0) + 1
            seqs[(code, year)] = seq
            number = numbering.format_number(code, seq, year)
            designer = rng.choice(DESIGNERS)
            printer = rng.choice(PRINTER_NAMES)
            withdrawn = date + dt.timedelta(days=rng.randint(365, 3000)) if year < 2015 else None
            description_ar = f"طابع تذكاري عن {subject_ar} في {place_ar}، من تصميم {designer}."
            description_en = (
                f"A commemorative stamp on {subject_en.lower()} in {place_en}, "
                f"designed by {designer}."
            )
            row: dict[str, Any] = {
                "id": entry_id, "number": number, "administration_code": code, "year": year,
                "seq": seq, "joint_issue_id": joint, "is_joint": joint is not None,
                "issue_date": date, "withdrawn_on": withdrawn, "title_ar": title_ar,
                "title_en": title_en,
                "description_ar": description_ar,
                "description_en": description_en,
                "theme": theme.slug, "theme_group": theme.group, "inscription_ar": ins_ar,
                "inscription_latin": ins_latin, "face_value_minor": rng.choice(values),
                "unit_name_ar": unit_ar, "unit_name_en": unit_en, "minor_per_major": per_major,
                "iso4217": iso, "width_mm": width, "height_mm": height,
                "perforation": perf_label, "perforation_kind": kind, "perforation_h": h,
                "perforation_v": v, "printing_process": rng.choice(PROCESSES),
                "printer": printer, "designer": designer, "first_day_place_ar": place_ar,
                "first_day_place_en": place_en, "quantity": rng.choice((50_000, 100_000, 250_000)),
                "format": fmt, "artwork_sha256": "", "proof_sha256": "",
                "created_at": dt.datetime.combine(date, dt.time(9, 0), dt.UTC)
                + dt.timedelta(seconds=entry_id % 3600),
            }  # fmt: skip
            row["public_from"] = release.public_from(date, ZONES[code], row["created_at"])
            row["search_text"] = entry_document(row, themes)  # as issuing indexes a stamp
            batch.append(row)
            entry_id += 1
        made += len(batch)
        joints = [(joint, rng.choice(KINDS))] if joint is not None else []
        yield batch, joints


def _max_id(cur: Any, table: str) -> int:
    cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - our table names
    row = cur.fetchone()
    return int(row[0]) if row else 0


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def generate(
    engine: Engine,
    n: int,
    themes: ThemeList,
    seed: int = 20261124,
    years: tuple[int, int] = (1960, 2026),
) -> Generated:
    """Add `n` synthetic entries in one transaction; the statistics are refreshed after."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    dialect = engine.dialect.name
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if dialect == "sqlite":
            cur.execute("BEGIN IMMEDIATE")
        first_id = _max_id(cur, "catalogue_entries") + 1
        first_joint = _max_id(cur, "joint_issues") + 1
        product_id = _max_id(cur, "catalogue_products") + 1
        cur.execute("SELECT administration_code, year, last_seq FROM number_sequences")
        seqs = {(code, int(year)): int(last) for code, year, last in cur.fetchall()}
        now = dt.datetime.now(dt.UTC)
        entries = joints = products = 0
        entry_rows: list[tuple[Any, ...]] = []
        joint_rows: list[tuple[Any, ...]] = []
        product_rows: list[tuple[Any, ...]] = []
        item_rows: list[tuple[Any, ...]] = []
        search_indexes = _drop_search_indexes(cur) if dialect == "postgresql" else []
        for batch, new_joints in _rows(rng, n, themes, first_id, first_joint, seqs, *years):
            joint_rows += [(j, None, kind, now) for j, kind in new_joints]
            for row in batch:
                entry_rows.append(tuple(row[c] for c in ENTRY_COLUMNS))
                if rng.random() < 0.1:
                    kind = rng.choice(("miniature-sheet", "booklet", "first-day-cover", "sheetlet"))
                    count = {"miniature-sheet": 1, "booklet": 10, "first-day-cover": 1}.get(kind, 6)
                    product_rows.append((product_id, row["administration_code"],
                                         row["joint_issue_id"], kind, "", "", 10_000,
                                         row["face_value_minor"] * count, now))  # fmt: skip
                    item_rows.append((product_id, row["id"], count))
                    product_id += 1
            if len(entry_rows) >= 20_000:
                _flush(cur, dialect, joint_rows, entry_rows, product_rows, item_rows)
                entries += len(entry_rows)
                joints += len(joint_rows)
                products += len(product_rows)
                entry_rows, joint_rows, product_rows, item_rows = [], [], [], []
        _flush(cur, dialect, joint_rows, entry_rows, product_rows, item_rows)
        entries += len(entry_rows)
        joints += len(joint_rows)
        products += len(product_rows)
        _finish(cur, dialect, seqs)
        if search_indexes:  # built once over every row: far faster than fed row by row
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in search_indexes:
            cur.execute(definition)
        raw.commit()
        cur.close()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()
    # On PostgreSQL a VACUUM too: it sets the rows' hint bits and the visibility map once,
    # instead of the first reads of every page writing them (as after any bulk load).
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM (ANALYZE) catalogue_entries" if dialect == "postgresql" else "ANALYZE"
        )
    return Generated(entries, joints, products)


def _flush(
    cur: Any,
    dialect: str,
    joint_rows: list[tuple[Any, ...]],
    entry_rows: list[tuple[Any, ...]],
    product_rows: list[tuple[Any, ...]],
    item_rows: list[tuple[Any, ...]],
) -> None:
    tables = [
        ("joint_issues", ["id", "proposal_id", "kind", "created_at"], joint_rows),
        ("catalogue_entries", ENTRY_COLUMNS, entry_rows),
        ("catalogue_products", ["id", "administration_code", "joint_issue_id", "kind",
                                "title_ar", "title_en", "quantity", "price_minor", "created_at"],
         product_rows),
        ("catalogue_product_items", ["product_id", "entry_id", "count"], item_rows),
    ]  # fmt: skip
    for name, columns, rows in tables:
        if not rows:
            continue
        if dialect == "postgresql":
            with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cur.executemany(
                f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - our column names
                [tuple(_sqlite_value(v) for v in row) for row in rows],
            )


def _drop_search_indexes(cur: Any) -> list[str]:
    """Drop the PostgreSQL full-text (GIN) indexes of the entries; their definitions."""
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE tablename = 'catalogue_entries' AND indexdef LIKE '%USING gin%'"
    )
    found = cur.fetchall()
    for name, _definition in found:
        cur.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def _finish(cur: Any, dialect: str, seqs: dict[tuple[str, int], int]) -> None:
    """Sequences continue after the synthetic numbers; the revision moves."""
    mark = "%s" if dialect == "postgresql" else "?"
    cur.executemany(
        f"INSERT INTO number_sequences (administration_code, year, last_seq) "  # noqa: S608
        f"VALUES ({mark}, {mark}, {mark}) ON CONFLICT (administration_code, year) "
        "DO UPDATE SET last_seq = excluded.last_seq",
        [(code, year, last) for (code, year), last in seqs.items()],
    )
    cur.execute(
        "INSERT INTO catalogue_revisions (id, value) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET value = catalogue_revisions.value + 1"
    )
    if dialect == "postgresql":
        for table in ("catalogue_entries", "joint_issues", "catalogue_products"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
