"""Decree No. 779 as written: each clause on a hand-made cluster.

The requirements (Government Decree No. 779 of 31.07.2015 as amended in 2018 and
2021): cl. (а) every participant has a qualifying contract (supply of the
cluster's industrial products, or works and services of a production nature)
with another participant; the 2021 amendment lets up to three participants
lack one; cl. (б) the number of industrial participants; the overall level of
functional dependence, 20 % (10 % in the special case), measured on the
participants that make final industrial products buying intermediate
industrial products and production services from other participants.
"""

from __future__ import annotations

import pandas as pd
import pytest

from regiocluster.network import decree_779

#: A: concrete plant (23.63), B: sand quarry (08.12), C: cement plant (23.51),
#: L: haulier (49.41), F: bank (64.19), K: builder (41.20).
INDUSTRY = pd.Series(
    {"A": "23.63", "B": "08.12", "C": "23.51", "L": "49.41", "F": "64.19", "K": "41.20"}
)
PURCHASES = pd.Series({"A": 100.0, "B": 50.0, "C": 50.0, "L": 40.0, "F": 10.0, "K": 200.0})


def _links(rows):
    return pd.DataFrame(rows, columns=["supplier_id", "buyer_id", "value"])


BASE = [
    ("B", "A", 12.0),  # sand to the concrete plant: intermediate industrial product
    ("C", "A", 5.0),  # cement to the concrete plant
    ("L", "A", 3.0),  # haulage: a production service
    ("F", "A", 30.0),  # a loan: neither industrial product nor production service
    ("A", "K", 80.0),  # concrete to the builder: K is no industrial participant
    ("B", "C", 4.0),
]


def test_dependence_counts_final_producers_buying_intermediate_products_and_services():
    v = decree_779(_links(BASE), PURCHASES, industry=INDUSTRY, min_industrial=3)
    # industrial buyers A, B, C: bought 12 + 5 + 3 (A) + 4 (C) of their 100 + 50 + 50
    assert v.purchases == pytest.approx(200.0)
    assert v.purchases_from_members == pytest.approx(24.0)
    assert v.functional_dependence == pytest.approx(0.12)
    # the broad alternative counts the loan and the builder's purchase too
    assert v.broad_dependence == pytest.approx((12 + 5 + 3 + 30 + 80 + 4) / 450)
    assert not v.dependence_met and v.threshold == 0.20


def test_special_case_lowers_the_threshold_to_ten_percent():
    links = _links(BASE)
    v = decree_779(links, PURCHASES, industry=INDUSTRY, min_industrial=3, special_case=True)
    assert v.threshold == 0.10 and v.dependence_met
    # 30 % of the participants in the listed territories triggers it: 2 of 6 is 33 %
    v2 = decree_779(
        links, PURCHASES, industry=INDUSTRY, min_industrial=3, special_territory_members=["B", "C"]
    )
    assert v2.special_case and v2.dependence_met
    v3 = decree_779(
        links, PURCHASES, industry=INDUSTRY, min_industrial=3, special_territory_members=["B"]
    )
    assert not v3.special_case and not v3.dependence_met


def test_every_participant_needs_a_qualifying_contract():
    v = decree_779(_links(BASE), PURCHASES, industry=INDUSTRY, min_industrial=3)
    # the bank's only contract is a loan: not a qualifying contract (cl. а)
    assert v.without_contract == ("F",)
    assert v.contracts_met  # up to three may lack one (2021 amendment)
    strict = decree_779(
        _links(BASE), PURCHASES, industry=INDUSTRY, min_industrial=3, exemptions_allowed=0
    )
    assert not strict.contracts_met and not strict.compliant


def test_number_of_industrial_participants():
    v = decree_779(_links(BASE), PURCHASES, industry=INDUSTRY)
    assert v.industrial_participants == 3 and v.min_industrial == 10
    assert not v.industrial_met and not v.compliant
    ok = decree_779(
        _links([*BASE, ("B", "A", 30.0)]), PURCHASES, industry=INDUSTRY, min_industrial=3
    )
    assert ok.industrial_met and ok.dependence_met and ok.compliant


def test_summary_cites_the_clauses_and_says_when_links_are_synthetic():
    v = decree_779(_links(BASE), PURCHASES, industry=INDUSTRY, illustrative=True)
    text = v.summary()
    assert "cl. (а)" in text and "cl. (б)" in text and "20 %" in text
    assert "Broad alternative, not the decree's measure" in text
    assert text.endswith("Illustrative: the supply links and purchases are synthetic.")
    assert "Illustrative" not in decree_779(_links(BASE), PURCHASES, industry=INDUSTRY).summary()
