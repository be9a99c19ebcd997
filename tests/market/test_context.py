"""World trade context on a hand-computed fixture."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.market import world_context


def test_world_context_hand_computed():
    products = pd.DataFrame({"product_id": ["cement", "clinker"], "hs": ["252329", "252310"]})
    rows = [
        # reporter, partner, hs, year, flow, value
        ("RU-LEN", "FIN", "252329", 2014, "export", 10.0),
        ("RU-LEN", "FIN", "252329", 2024, "export", 40.0),
        ("RU-LEN", "EST", "252329", 2024, "export", 20.0),
        ("RU-LEN", "TUR", "252329", 2024, "import", 5.0),
        ("RUS", "FIN", "252329", 2024, "export", 300.0),
        ("RUS", "WLD", "252329", 2024, "export", 300.0),
        ("FIN", "WLD", "252329", 2024, "export", 900.0),
        ("RUS", "WLD", "252329", 2014, "export", 100.0),
    ]
    flows = pd.DataFrame(rows, columns=["reporter", "partner", "hs", "year", "flow", "value_usd"])
    out = world_context(flows, products, regions=["RU-LEN"], country="RUS").set_index(
        ["reporter", "product_id"]
    )
    len_cement = out.loc[("RU-LEN", "cement")]
    assert len_cement["exports"] == 60.0 and len_cement["imports"] == 5.0
    assert len_cement["world_share"] == pytest.approx(60 / 1200)
    assert len_cement["country_share"] == pytest.approx(60 / 300)
    assert len_cement["export_growth"] == pytest.approx(6 ** (1 / 10) - 1)
    assert np.isnan(out.loc[("RU-LEN", "clinker"), "world_share"])
