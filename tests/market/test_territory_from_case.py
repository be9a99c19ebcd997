"""The territory comes from the case (``Case.territory``), never from a literal in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from regiocluster.case.load import Case
from regiocluster.market import agglomerate, territory_context, world_context

SRC = Path(__file__).resolve().parents[2] / "src" / "regiocluster"


def _with_territory(case: Case, region: str, partners: list[str]) -> Case:
    meta = {**case.meta, "region": region, "partner_regions": partners}
    return Case(name=f"{case.name}-{region}", meta=meta, tables=dict(case.tables), path=None)


def test_world_context_of_the_case_follows_its_territory(case):
    assert set(territory_context(case)["reporter"]) == {"RU-LEN", "RU-SPE", "RUS"}
    spb = _with_territory(case, "RU-SPE", [])
    out = territory_context(spb)
    assert set(out["reporter"]) == {"RU-SPE", "RUS"}
    both = territory_context(case).set_index(["reporter", "product_id"])
    pd.testing.assert_frame_equal(
        out.set_index(["reporter", "product_id"]),
        both.loc[out.set_index(["reporter", "product_id"]).index],
        check_like=True,
    )


def test_world_context_has_no_default_territory(case):
    with pytest.raises(TypeError, match="regions"):
        world_context(case["trade_flows"], case["products"])  # type: ignore[call-arg]


def test_an_agglomeration_is_named_after_its_members():
    rows = pd.DataFrame(
        {
            "product_id": ["cement"] * 2,
            "region_id": ["RU-MOW", "RU-MOS"],
            "year": [2024, 2024],
            "production": [10.0, 5.0],
            "imports": [2.0, 1.0],
            "exports": [1.0, 0.0],
        }
    )
    out = agglomerate(rows, members=("RU-MOW", "RU-MOS"))
    assert list(out["region_id"]) == ["RU-MOW+RU-MOS"]
    assert out["consumption"].item() == pytest.approx(17.0)


#: Reading the territory anywhere but ``Case.territory`` (case.toml keys, literal ids).
_SECOND_HOME = re.compile(
    r"""meta(\.get\(|\[)["'](region|partner_regions)["']|=\s*\(\s*["']RU-LEN["']\s*,\s*["']RU-SPE"""
)


def test_the_territory_has_one_home():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("case/builtin/") or rel == "case/territory.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _SECOND_HOME.search(line) and ">>>" not in line:
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == [], "\n".join(offenders)
