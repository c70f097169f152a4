"""Each rule of a showcase's front matter (kasdikdas.model.showcase_rules) on its own:
silent when it holds, one problem naming the field, its line and a fix when it does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support import ROOT
from support.showcases import GAMELAN
from kasdikdas.model.entities import FrontMatter
from kasdikdas.model.placeholders import PLACEHOLDER_SUMMARY
from kasdikdas.model.registry import load_registry
from kasdikdas.model.showcase_rules import (RULES, Draft, consent_rule, date_rule,
                                            innovation_slug_rule, school_rule, slug_rule,
                                            summary_rule)
from kasdikdas.model.yamlfm import split_front_matter

pytestmark = pytest.mark.fast

REGISTRY = load_registry(ROOT / "content/data/kecamatan.yml", ROOT / "content/data/schools.yml")
TODAY = dt.date(2026, 12, 6)


def draft(text: str = GAMELAN, name: str = "20300001-gamelan-cilik.md") -> Draft:
    fm = split_front_matter(text).front_matter
    return Draft(Path("content/kiprah") / name, f"kiprah/{name}", fm, FrontMatter.model_validate(fm.data),
                 REGISTRY, TODAY)


def test_every_rule_holds_for_a_good_showcase():
    assert [rule.__name__ for rule in RULES if rule(draft())] == []


@pytest.mark.parametrize("rule, before, after, field, line, says", [
    (school_rule, 'school: "20300001"', 'school: "20300010"', "school", 4,
     "NPSN 20300010 tidak ada di daftar sekolah"),
    (consent_rule, "consent: true", "consent: false", "consent", 8, "izin publikasi belum ada"),
    (consent_rule, "consent: true", "consent: yes", "consent", 8, "harus tepat `true`, bukan `yes`"),
    (consent_rule, "consent: true", 'consent: "true"', "consent", 8, 'harus tepat `true`, bukan `"true"`'),
    (summary_rule, "summary: Murid kelas 5 memainkan gamelan.", f"summary: {PLACEHOLDER_SUMMARY}",
     "summary", 7, "masih teks contoh"),
    (date_rule, "date: 2024-10-11", "date: 2027-01-01", "date", 3, "2027-01-01 ada di masa depan"),
])
def test_a_broken_rule_says_what_where_and_how_to_fix(rule, before, after, field, line, says):
    text = GAMELAN.replace(before, after)
    assert text != GAMELAN
    (problem,) = rule(draft(text))
    assert (problem.field, problem.line) == (field, line)
    assert says in problem.message and problem.hint
    assert [r.__name__ for r in RULES if r is not rule and r(draft(text))] == []  # only this one


def test_a_file_name_is_an_address_only_when_short_and_plain():
    (long,) = slug_rule(draft(name="x" * 300 + ".md"))
    assert long.line is None and "terlalu panjang" in long.message
    (odd,) = slug_rule(draft(name="Gamelan Cilik.md"))
    assert odd.line is None and "`Gamelan Cilik.md` tidak bisa dipakai" in odd.message
    assert slug_rule(draft(GAMELAN.replace("consent: true", "consent: true\nslug: pendek"),
                           name="Gamelan Cilik.md")) == []  # `slug:` decides the address


def test_an_innovation_cannot_take_a_filter_pages_address():
    text = GAMELAN.replace("consent: true", "consent: true\nslug: sd")
    plain = draft(text)
    assert innovation_slug_rule(plain) == []  # not an innovation: any address is free
    with_innovation = Draft(plain.path, plain.shown, plain.fm,
                            plain.front.model_copy(update={"innovation": object()}), REGISTRY, TODAY)
    (problem,) = innovation_slug_rule(with_innovation)
    assert problem.field == "slug" and "/inovasi/sd/" in problem.message
