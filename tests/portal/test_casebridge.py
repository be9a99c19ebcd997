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


def test_export_works_after_an_approval_and_keeps_the_profile_fields(users, case, tmp_path):
    from regiocluster.portal.members import services as member_services
    from regiocluster.portal.members.models import Region

    app = member_services.application_submit(
        organisation_name="ООО Новый карьер",
        inn="7707083893",
        okved="08.12",
        kind="raw_materials",
        region=Region.objects.get(region_id="LEN-VYB"),
        contact_name="Иван",
        email="quarry@example.org",
        lon=28.9,
        lat=60.6,
        founded=2004,
        size_class="medium",
    )
    org = member_services.application_approve(user=users["manager"], application=app)
    live = load_case(case_export(folder=tmp_path / "live", base=case))
    row = live.tables["enterprises"].set_index("enterprise_id").loc[org.case_id]
    assert (row["name"], row["okved"], row["region_id"], int(row["founded"])) == (
        "ООО Новый карьер",
        "08.12",
        "LEN-VYB",
        2004,
    )
    assert (row["size_class"], row["lon"], row["lat"], bool(row["synthetic"])) == (
        "medium",
        28.9,
        60.6,
        False,
    )
    assert "tomli" not in (tmp_path / "live" / "case.toml").read_text()  # a plain TOML file


def test_export_names_an_organisation_without_a_year_founded(users, case, tmp_path):
    from regiocluster.case.errors import CaseError

    Organisation.objects.filter(case_id="F003").update(founded=None)
    with pytest.raises(CaseError) as err:
        case_export(folder=tmp_path / "live", base=case)
    assert [(p.column, "F003" in p.message) for p in err.value.problems] == [("founded", True)]


def test_home_page_figures_are_core_results_on_the_live_case(seeded, case):
    from regiocluster.portal.casebridge import live_case

    live = live_case(base=case)
    members = live.members()
    html = Client().get("/en/").content.decode()
    assert f">{len(members)}<" in html.replace(" ", "")
    year, share = selectors.cooperation_share()
    assert year == live.year
    fin = live.tables["enterprise_finances"]
    fin = fin[(fin["year"] == year) & fin["enterprise_id"].isin(members["enterprise_id"])]
    links = live.tables["supply_links"]
    from regiocluster.network import cooperation_share

    expected = cooperation_share(
        links[links["year"] == year], fin.groupby("enterprise_id")["purchases"].sum()
    )
    assert share == pytest.approx(expected)
    assert 0 < share < 1
