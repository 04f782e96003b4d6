"""The Arabic/English normaliser: one function for indexing and querying."""

from __future__ import annotations

import pytest

from app.catalogue.search.postgresql import grouped_tsquery, prefix_tsquery
from app.catalogue.search.sqlite import fts5_query
from app.catalogue.search.text import article_forms, document, normalise, query_words


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمنة", "امنه"),
        ("ٱلقدس", "القدس"),
        ("مصطفى", "مصطفي"),
        ("مدرسة", "مدرسه"),
        ("عُمَانُ", "عمان"),
        ("مُحَمَّدٌ", "محمد"),
        ("إِصْدَارٌ مُشْتَرَكٌ", "اصدار مشترك"),
        ("الرحمٰن", "الرحمن"),  # superscript alef
        ("فلســـطين", "فلسطين"),  # tatweel
        ("٢٠٢٧", "2027"),
        ("۱۹۶۷", "1967"),  # Persian digits
        ("ی ک", "ي ك"),
        ("ﻻ", "لا"),  # presentation form, decomposed
        ("Palestine - OMAN", "palestine oman"),
        ("Straße", "strasse"),
        ("PS001.27", "ps001 27"),
        ("  olive,branch!  ", "olive branch"),
        ("café", "cafe"),
        ("under_score", "under score"),
        ("", ""),
    ],
)
def test_normalise(written: str, normal: str) -> None:
    assert normalise(written) == normal


def test_composed_and_decomposed_forms_agree() -> None:
    composed = "أ"  # U+0623
    decomposed = "ا" + "\u0654"  # alef + hamza above
    assert normalise(composed) == normalise(decomposed) == "ا"


def test_normalise_is_idempotent() -> None:
    text = "إِصدار «يوم البريد العربي» ٢٠٢٧ — Arab Postal Day"
    assert normalise(normalise(text)) == normalise(text)


def test_query_words_are_distinct_and_bounded() -> None:
    assert query_words("البريد  البريد يوم") == ["البريد", "يوم"]
    assert len(query_words(" ".join(f"w{i}" for i in range(20)))) == 8
    assert query_words('"* OR -') == ["or"]


def test_backend_queries_are_token_prefixes() -> None:
    assert fts5_query(["يوم", "بريد"]) == '"يوم"* "بريد"*'
    assert prefix_tsquery(["يوم", "بريد"]) == "'يوم' & 'بريد'"
    assert grouped_tsquery([("PS", 2026), ("OM", 1999)], ["يوم", "بريد"]) == (
        "('ps2026:يوم' & 'ps2026:بريد') | ('om1999:يوم' & 'om1999:بريد')"
    )


def test_document_skips_empty_parts() -> None:
    assert document(["PS001.27", None, "", "إصدار"]) == "ps001 27 اصدار"


def test_document_indexes_words_without_the_article_too() -> None:
    assert document(["المسجد الأقصى", "الله"]) == "المسجد الاقصي الله مسجد اقصي"


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("الاقصي", ["اقصي"]),
        ("والحصون", ["الحصون", "حصون"]),  # and
        ("فالبحر", ["البحر", "بحر"]),  # so
        ("بالقدس", ["القدس", "قدس"]),  # with, in
        ("كالبدر", ["البدر", "بدر"]),  # like
        ("للبريد", ["البريد", "بريد"]),  # for: ل with the article is written لل
        ("الله", []),  # too short without the article
        ("بالون", []),  # بال + two letters: a word of its own
        ("والي", []),
        ("وطن", []),  # a particle without the article is left alone: no stemmer
        ("palestine", []),
    ],
)
def test_article_forms(word: str, forms: list[str]) -> None:
    assert article_forms(word) == forms


def test_document_indexes_words_without_particle_and_article() -> None:
    assert document(["القلاع والحصون", "البريد"]) == "القلاع والحصون البريد قلاع الحصون حصون بريد"
