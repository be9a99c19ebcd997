"""Each plausibility rule catches the defect it is written for (so the suite can fail)."""

from __future__ import annotations

import pandas as pd

from tests.plausibility import rules


def test_rules_catch_the_defects_of_issue_11():
    # Russia's share of world exports 136.5 % (mortars) and 276.8 % (plywood)
    assert rules.shares_in_unit_interval(pd.Series({"plywood": 2.768}), "share")
    # of which from abroad 197,415 against total imports 76,095 (sawn timber)
    assert rules.part_not_above_whole(pd.Series({"x": 197_415.0}), pd.Series({"x": 76_095.0}), "")
    assert rules.world_at_least_reporter(pd.Series({"RUS": 3.0}), pd.Series({"RUS": 2.0}), "")
    table = pd.DataFrame({"product": ["p", "p"], "market": ["BLR", "TUR"], "mode": ["sea", "sea"]})
    assert rules.sea_needs_port(table) == ["p to BLR by sea"]
    needs = pd.DataFrame({"project": ["a", "a"], "unit": ["t", "m3"]})
    assert rules.units_never_added(needs, "project", "unit")
    # 1,410 kg per head in the oblast against Russia's 464, housing 2.9 times Russia's per head
    assert rules.regional_per_head(1410.0, 464.0, 2.6, "oblast")
    assert rules.regional_per_head(860.0, 464.0, 2.6, "oblast") == []
    # 5,020 kt in 2024 to 4,095 kt in 2025 with drivers explaining -200 kt
    assert rules.forecast_continues(5020.0, 4095.0, -200.0, "cement")
    assert rules.forecast_continues(5020.0, 4820.0, -200.0, "cement") == []
    assert rules.within(1.3, rules.CEMENT_CAPACITY_USE, "use")
