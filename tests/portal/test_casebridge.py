"""Seed from a case, export the live data as a case, and the cooperation share on both sides."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from django.test import Client

from regiocluster import load_case
from regiocluster.portal.casebridge import case_export
from regiocluster.portal.exchange import selectors
from regiocluster.portal.members.models import Organisation

pytestmark = pytest.mark.django_db


def _decree_779_share(case, year):
    """The analytics' functional dependence on the exported case (regiocluster.network)."""
    from regiocluster.network import cooperation_share

    fin = case.tables["enterprise_finances"]
    purchases = fin[fin["year"] == year].set_index("enterprise_id")["purchases"]
    links = case.tables["supply_links"]
    return cooperation_share(links[links["year"] == year], purchases)


def test_seed_marks_synthetic_and_keeps_everything(seeded, case):
    assert seeded["organisations"] == len(case.tables["enterprises"])
    assert Organisation.objects.filter(synthetic=True).count() == int(
        case.tables["enterprises"]["synthetic"].sum()
    )
    assert seeded["contracts"] == len(case.tables["supply_links"])


def test_export_round_trip_loads_and_matches(seeded, case, tmp_path):
    out = case_export(folder=tmp_path / "live", base=case)
    live = load_case(out)
    for table in (
        "enterprises",
        "enterprise_finances",
        "enterprise_products",
        "supply_links",
        "products",
    ):
        key = list(case.tables[table].columns[:1])
        a = case.tables[table].sort_values(key).reset_index(drop=True)
        b = live.tables[table].sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_like=True)


def test_cooperation_share_equals_the_exported_case(users, cement_request, case, tmp_path):
    from regiocluster.portal.exchange import services
    from regiocluster.portal.exchange.models import PurchaseRequest

    # posted and signed in the fixture's year, so the exchange deal must move the share
    PurchaseRequest.objects.filter(pk=cement_request.pk).update(
        created=datetime(2021, 1, 15, tzinfo=UTC)
    )
    i = services.interest_express(user=users["supplier"], request=cement_request)
    services.interest_accept(user=users["buyer"], interest=i)
    services.deal_propose(
        user=users["buyer"], interest=i, value_mln_rub=3.0, signed=date(2021, 6, 1)
    )
    contract = services.deal_confirm(user=users["supplier"], interest=i)
    live = load_case(case_export(folder=tmp_path / "live", base=case))
    assert contract.link_id in set(live.tables["supply_links"]["link_id"])
    year, share = selectors.cooperation_share(year=2021)
    # fixture, 2021: links among members 35.5+410.25+820+120+15.75+2.5 = 1404,
    # plus the 3.0 deal; purchases 12966.875
    assert share == pytest.approx(1407 / 12966.875)
    network = _decree_779_share(live, 2021)
    assert share == pytest.approx(network)
    # and the number on the register page is that share (10.851 % -> "10.9 %";
    # without the deal it would read 10.8 %)
    page = Client().get("/en/exchange/contracts/?year=2021").content.decode()
    shown = re.search(r'id="cooperation-share">([^<]*)<', page).group(1)
    assert shown == f"{100 * network:.1f} %" == "10.9 %"
