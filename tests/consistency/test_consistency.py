"""Every headline quantity is the same in the core Result and wherever it is shown.

The core Result is the one computation; each renderer (CLI JSON here; the
report's results.json and HTML, the portal's page and API where those
helpers register theirs) must show exactly its value.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from regiocluster.result import Result

from . import report_renderer  # noqa: F401 (registers the study's results.json)
from .quantities import QUANTITIES, Quantity
from .renderers import RENDERERS, NotShown

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def core_results(case):
    """Results computed once per (function, options)."""
    cache: dict[tuple[str, str], Result] = {}

    def get(q: Quantity) -> Result:
        key = (q.function, repr(sorted(q.options.items())))
        if key not in cache:
            cache[key] = q.call()(case, **q.options)
        return cache[key]

    return get


def same(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-9 relative (JSON round-trips exactly; this only absorbs -0.0)."""
    if isinstance(a, float) and isinstance(b, float | int):
        return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _params():
    for q in QUANTITIES:
        for name in RENDERERS:
            marks = [pytest.mark.xfail(reason=q.xfail, strict=False)] if q.xfail else []
            yield pytest.param(q, name, id=f"{q.id}-{name}", marks=marks)


@pytest.mark.parametrize(("quantity", "renderer"), list(_params()))
def test_rendered_value_is_the_core_value(quantity, renderer, case, core_results):
    value = core_results(quantity).value(quantity.figure)
    try:
        shown = RENDERERS[renderer](quantity, case)
    except NotShown:
        pytest.skip(f"{renderer} does not show {quantity.id}")
    assert same(value, shown), f"{quantity.id}: core {value!r}, {renderer} {shown!r}"


def test_there_are_at_least_ten_quantities():
    assert len({q.id for q in QUANTITIES if not q.xfail}) >= 10


def test_the_three_import_figures_and_two_shares_agree(case):
    """Market balance, market forecast and trade substitution: one import definition."""
    from regiocluster.market.case import balance, forecast
    from regiocluster.trade.case import substitution

    b = balance(case, product="cement", year=2024)
    s = substitution(case, year=2024)
    f = forecast(case, product="cement", scenario="base")
    assert b.value("cement.imports") == pytest.approx(s.value("cement.imports"), rel=1e-12)
    assert b.value("cement.import_share") == pytest.approx(
        s.value("cement.import_share"), rel=1e-12
    )
    assert f.value("import_share") == pytest.approx(b.value("cement.import_share"), rel=1e-12)
    # imports from outside the territory: at most the regions' summed imports, and
    # never more than apparent consumption
    rows = case["market_balances"].query("product_id == 'cement' and year == 2024")
    summed = rows[rows["region_id"].isin(case.territory.regions)]["imports"].sum() / 1000
    assert 0 < b.value("cement.imports") <= summed
    assert 0 <= b.value("cement.import_share") <= 1


def test_members_and_cooperation_share_agree(case):
    """One membership rule and one cooperation share for every analysis."""
    from regiocluster.enterprises.case import eligibility
    from regiocluster.mapping.case import members
    from regiocluster.network.case import cooperation, decree779

    n = members(case).value("members")
    d = decree779(case)
    assert d.value("members") == n == eligibility(case).value("members")
    # the cooperation share is the decree's broad alternative (all members' purchases);
    # the decree's own measure counts only final industrial producers' purchases (issue 11)
    assert d.value("broad_dependence") == cooperation(case).value("cooperation_share")
    assert d.value("cooperation_share") == d.value("broad_dependence")
    assert 0 <= d.value("functional_dependence") <= 1
    assert d.year == case.year
