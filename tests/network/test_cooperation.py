"""Decree 779 tests and cooperation measures against hand-computed fixtures."""

import dataclasses

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.network import (
    cooperation_share,
    cooperation_summary,
    decree_779,
    member_cooperation,
    node_measures,
    supply_graph,
)

# Members A, B, C, D with purchases 50, 40, 30, 20 (total 140).
# Links: A->B 10, B->C 5, C->A 5, X->A 20 (X not a member), A->A 7 (own purchase).
# Purchases from other members: A 5 (from C), B 10 (from A), C 5 (from B), D 0 -> 20.
# Functional dependence = 20 / 140 = 0.142857: fails 20%, passes the 10% special case.
# D has no contract with another member: allowed under the 2021 amendment (up to 3).
LINKS = pd.DataFrame(
    {
        "supplier_id": ["A", "B", "C", "X", "A"],
        "buyer_id": ["B", "C", "A", "A", "A"],
        "value": [10.0, 5.0, 5.0, 20.0, 7.0],
    }
)
PURCHASES = pd.Series({"A": 50.0, "B": 40.0, "C": 30.0, "D": 20.0})


def test_cooperation_share_by_hand():
    assert cooperation_share(LINKS, PURCHASES) == pytest.approx(20 / 140)


def test_member_table_by_hand():
    table = member_cooperation(LINKS, PURCHASES)
    assert table.from_members.to_dict() == {"A": 5.0, "B": 10.0, "C": 5.0, "D": 0.0}
    assert table.partners.to_dict() == {"A": 2, "B": 2, "C": 2, "D": 0}
    assert table.share["B"] == pytest.approx(0.25)


def test_decree_779_default_threshold_fails_by_hand():
    verdict = decree_779(LINKS, PURCHASES)
    assert verdict.functional_dependence == pytest.approx(20 / 140)
    assert verdict.threshold == 0.20
    assert not verdict.dependence_met
    assert verdict.without_contract == ("D",)
    assert verdict.contracts_met  # up to 3 exempt since 2021
    assert not verdict.compliant
    assert "14.3%" in verdict.summary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.compliant = True  # type: ignore[misc]


def test_decree_779_special_case_and_original_contract_rule():
    special = decree_779(LINKS, PURCHASES, special_case=True)
    assert special.threshold == 0.10 and special.compliant
    strict = decree_779(LINKS, PURCHASES, special_case=True, exemptions_allowed=0)
    assert not strict.contracts_met and not strict.compliant
    # 2 of 4 members (50% >= 30%) in qualifying territories -> 10% applies
    by_territory = decree_779(LINKS, PURCHASES, special_territory_members=["C", "D"])
    assert by_territory.special_case and by_territory.threshold == 0.10
    # 1 of 4 (25%) is not enough
    assert not decree_779(LINKS, PURCHASES, special_territory_members=["D"]).special_case


def test_graph_measures_by_hand():
    # A->B, B->A, B->C: density 3/(3*2) = 0.5; reciprocity 2/3 (two of three edges
    # have their reverse); B lies on the only path A->C: betweenness 1/((n-1)(n-2)) = 0.5.
    links = pd.DataFrame(
        {"supplier_id": ["A", "B", "B"], "buyer_id": ["B", "A", "C"], "value": [1.0, 2.0, 3.0]}
    )
    graph = supply_graph(links)
    summary = cooperation_summary(graph)
    assert summary.density == pytest.approx(0.5)
    assert summary.reciprocity == pytest.approx(2 / 3)
    measures = node_measures(graph)
    assert measures.loc["B", "betweenness"] == pytest.approx(0.5)
    assert measures.loc["B", "strength"] == pytest.approx(6.0)
    assert measures.loc["A", "in_strength"] == pytest.approx(2.0)


ids = st.sampled_from(list("ABCDEFG"))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(ids, ids, st.floats(0, 100)), min_size=1, max_size=30),
    st.lists(st.floats(1, 1000), min_size=5, max_size=5),
)
def test_share_is_the_purchase_weighted_mean_of_member_shares(rows, amounts):
    links = pd.DataFrame(rows, columns=["supplier_id", "buyer_id", "value"])
    purchases = pd.Series(amounts, index=list("ABCDE"))  # F and G are not members
    table = member_cooperation(links, purchases)
    weighted = (table.share * table.purchases).sum() / table.purchases.sum()
    assert cooperation_share(links, purchases) == pytest.approx(weighted)
    # links with a non-member never count
    outside = pd.DataFrame({"supplier_id": ["F"], "buyer_id": ["A"], "value": [1e6]})
    assert cooperation_share(pd.concat([links, outside]), purchases) == pytest.approx(weighted)
    graph = supply_graph(links)
    assert np.isclose(
        cooperation_summary(graph).total_value,
        links.loc[links.supplier_id != links.buyer_id, "value"].sum(),
    )
    assert nx.is_directed(graph)
