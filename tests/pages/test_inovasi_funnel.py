"""The screening funnel and each innovation's readiness for a fixture year, with the
estimated scores worked out by hand from content/data/iid-2026.yml (weights: 16→3,
17→2, 18→2, 19→2, 20→1, 21→2, 22→1, 23→1, 24→1, 25→1, 26→1, 27→1, 28→2, 29→1, 30→2,
31→3, 32→2, 33→3, 34→2, 35→4; sum 37; divisor 1; Sangat Inovatif ≥ 65.01,
Inovatif ≥ 40.01, else Kurang Inovatif)."""

from __future__ import annotations

import pytest
from support.innovation_fixture import fixture_showcases

from kasdikdas.model.iid import IndexRules
from kasdikdas.pages.inovasi.funnel import funnel, readiness_by_slug, years_of

pytestmark = pytest.mark.fast


@pytest.fixture
def year(site):
    registry, showcases = fixture_showcases(site)
    return registry, showcases


def test_funnel_counts_collected_assessed_entered_and_reasons(year):
    _, showcases = year
    f = funnel(showcases.values(), 2026)
    # 7 innovations (the 8th showcase is no innovation); 6 passed assessment (all but
    # the proposed one); 2 entered; dropped: one each of three reasons.
    assert (f.collected, f.assessed, f.entered) == (7, 6, 2)
    assert f.by_status == {"diusulkan": 1, "dinilai": 1, "diikutkan": 2, "ditunda": 2, "ditolak": 1}
    assert sorted((d.reason, d.count) for d in f.dropped) == [
        ("bukti-kurang", 1), ("inovator-mutasi", 1), ("masih-rancangan", 1)]
    assert years_of(showcases.values()) == [2026]
    assert funnel(showcases.values(), 2025).collected == 0


def test_readiness_lists_evidence_and_missing_mandatory_indicators(year):
    registry, showcases = year
    ready = readiness_by_slug(showcases.values(), registry.index_rules)
    assert set(ready) == {s for s in showcases if not s.endswith("bukan-inovasi")}
    assert ready["20300001-a-lengkap"].with_evidence == list(range(16, 36))
    assert ready["20300003-b-lengkap"].with_evidence == [16, 17, 32, 33, 35]
    c = ready["20300011-c-kurang"]
    assert c.with_evidence == [17, 32, 33, 34]
    assert [i.number for i in c.missing_mandatory] == [16, 35]
    assert [i.number for i in ready["20300021-e-bukti"].missing_mandatory] == [16, 17, 32, 33]
    assert [i.number for i in ready["20300023-f-rancangan"].missing_mandatory] == [16, 17, 32, 33, 35]
    assert ready["20300001-a-lengkap"].ready and ready["20300003-b-lengkap"].ready
    gaps = " | ".join(c.gaps)
    assert "16 Regulasi inovasi daerah, 35 Video inovasi" in gaps
    assert "rancang bangun 0 kata" in gaps and "tahap penerapan" in gaps


@pytest.mark.parametrize("slug, score, predicate", [
    # every indicator at level 2: 2 × 37
    ("20300001-a-lengkap", 74.0, "Sangat Inovatif"),
    # mandatory ones at level 3: 3×3 (16) + 2×3 (17) + 2×3 (32) + 3×3 (33) + 4×3 (35)
    ("20300003-b-lengkap", 42.0, "Inovatif"),
    # 2×1 (17) + 2×2 (32) + 3×1 (33) + 2×3 (34)
    ("20300011-c-kurang", 15.0, "Kurang Inovatif"),
    # 4×1 (35, the showcase's own video)
    ("20300021-e-bukti", 4.0, "Kurang Inovatif"),
    ("20300023-f-rancangan", 0.0, "Kurang Inovatif"),
])
def test_estimated_scores_match_the_hand_computation(year, slug, score, predicate):
    registry, showcases = year
    r = readiness_by_slug(showcases.values(), registry.index_rules)[slug]
    assert (r.score, r.predicate) == (score, predicate)


def test_the_rules_are_data_a_new_divisor_or_weight_changes_the_estimate(year):
    registry, showcases = year
    rules = registry.index_rules[2026]
    assert rules.max_score == 111  # 3 × 37
    edited = IndexRules.model_validate({
        **rules.model_dump(),
        "scoring": {**rules.scoring.model_dump(), "divisor": 2},
        "indicators": [{**i.model_dump(), "weight": 10 if i.number == 35 else i.weight}
                       for i in rules.indicators],
    })
    r = readiness_by_slug(showcases.values(), {2026: edited})["20300003-b-lengkap"]
    assert r.score == (9 + 6 + 6 + 9 + 30) / 2 and r.predicate == "Kurang Inovatif"
