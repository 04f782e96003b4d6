"""Inscription wording and stamp geometry helpers."""

from __future__ import annotations

import dataclasses

import pytest

from app.designs.formats import StampFormat
from app.proofs.render.inscriptions import (
    english_name,
    major_amount,
    stamp_inscriptions,
)
from app.proofs.render.review import enlargement_for
from app.proofs.render.stamp import perforation_centres
from tests.unit.proofs.samples import oman, palestine


def test_palestine_inscriptions() -> None:
    words = stamp_inscriptions(palestine(), (palestine(), oman()))
    assert words.country_ar == "فلسطين"
    assert words.country_latin == "PALESTINE"
    assert words.value_ar == "\u0665\u0660\u0660 مل"
    assert words.value_latin == "500 mils"
    assert words.year == "2027"
    assert words.joint_ar == "إصدار مشترك فلسطين - عُمان"
    assert words.joint_en == "Palestine \u2013 Oman joint issue"


def test_partner_variant_names_itself_first_and_honours_latin_digits() -> None:
    latin_oman = dataclasses.replace(oman(), digits="latin")
    words = stamp_inscriptions(latin_oman, (palestine(), latin_oman))
    assert words.joint_ar == "إصدار مشترك عُمان - فلسطين"
    assert words.joint_en == "Oman \u2013 Palestine joint issue"
    assert words.value_ar == "250 بيسة"


def test_major_amounts() -> None:
    assert major_amount(palestine()) is None
    assert major_amount(oman()) == "0.250 OMR"
    assert major_amount(dataclasses.replace(oman(), face_value_minor=1500)) == "1.500 OMR"


def test_english_names() -> None:
    assert english_name("PALESTINE") == "Palestine"
    assert english_name("SULTANATE OF OMAN") == "Sultanate of Oman"


@pytest.mark.parametrize(("length", "gauge"), [(40, 13.5), (30, 13.5), (35, 14)])
def test_perforation_pitch_follows_gauge(length: float, gauge: float) -> None:
    centres = perforation_centres(length, gauge)
    pitch = centres[1] - centres[0]
    assert centres[0] == 0
    assert centres[-1] == pytest.approx(length)
    assert pitch == pytest.approx(20 / gauge, rel=0.05)


def test_enlargement_is_capped_and_fits(formats: dict[str, StampFormat]) -> None:
    landscape = formats["standard-40x30"]
    assert enlargement_for(landscape, 1000, 1000) == 2.5
    small = enlargement_for(landscape, 200, 1000)
    assert small < 2.5
    assert (landscape.width_mm + 2 * landscape.bleed_mm) * small * 72 / 25.4 <= 200
