"""The exchange server side: request → matches with reasons → interest → agreement → deal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from regiocluster.portal.exchange import selectors, services
from regiocluster.portal.exchange.models import Contract, InterestStatus
from regiocluster.portal.members.models import Organisation

from .conftest import login

pytestmark = pytest.mark.django_db


def test_matches_apply_hard_filters_and_explain(users, cement_request):
    matches = selectors.request_matches(request=cement_request)
    by_org = {Organisation.objects.get(pk=m.supply.organisation_id).case_id: m for m in matches}
    # F001 makes cement near St. Petersburg with the GOST certificate; F005 makes cement too.
    assert set(by_org) == {"F001", "F005"}
    near, far = by_org["F001"], by_org["F005"]
    assert near.score > far.score and near.distance_km < far.distance_km
    assert [r.code for r in near.reasons][:3] == ["code", "capacity", "certificate"]


def test_expired_certificate_excludes_a_supplier(users, cement_request):
    from datetime import timedelta

    f005 = Organisation.objects.get(case_id="F005")
    f005.certificates.update(expires=cement_request.delivery_date - timedelta(days=1))
    ids = {m.supply.organisation_id for m in selectors.request_matches(request=cement_request)}
    assert f005.pk not in ids


def test_request_page_shows_reasons_to_owner_and_hides_buyer_from_supplier(users, cement_request):
    owner = login(Client(), users["buyer"]).get(f"/en/exchange/requests/{cement_request.pk}/")
    html = owner.content.decode()
    assert "OKPD2 code 23.51.12 agrees on 5 of 6 levels" in html
    assert "valid on the delivery date" in html
    supplier = login(Client(), users["supplier"]).get(f"/en/exchange/requests/{cement_request.pk}/")
    html = supplier.content.decode()
    assert "anonymous until both sides agree" in html
    assert users["buyer"].organisation.name not in html
    assert "Express interest" in html
    ru = (
        login(Client(), users["buyer"])
        .get(f"/ru/exchange/requests/{cement_request.pk}/")
        .content.decode()
    )
    assert "совпадает на 5 из 6 уровней" in ru


def test_interest_agreement_deal_enters_register(users, cement_request):
    supplier, buyer = users["supplier"], users["buyer"]
    with pytest.raises(PermissionDenied):
        services.interest_express(user=users["observer"], request=cement_request)
    interest = services.interest_express(
        user=supplier, request=cement_request, message="Готовы поставить"
    )
    assert interest.status == InterestStatus.INTERESTED and interest.reasons
    assert not selectors.buyer_visible(request=cement_request, user=supplier)
    with pytest.raises(PermissionDenied):  # only the buyer answers
        services.interest_accept(user=supplier, interest=interest)
    with pytest.raises(ValidationError):  # no deal before both agree
        services.deal_propose(user=buyer, interest=interest, value_mln_rub=2.0)
    services.interest_accept(user=buyer, interest=interest)
    assert selectors.buyer_visible(request=cement_request, user=supplier)
    n = Contract.objects.count()
    services.deal_propose(user=buyer, interest=interest, value_mln_rub=2.5)
    assert Contract.objects.count() == n  # not before the supplier confirms
    with pytest.raises(ValidationError):
        services.deal_confirm(user=buyer, interest=interest)
    contract = services.deal_confirm(user=supplier, interest=interest)
    assert Contract.objects.count() == n + 1
    assert (contract.supplier, contract.buyer, contract.source) == (
        supplier.organisation,
        buyer.organisation,
        "exchange",
    )
    cement_request.refresh_from_db()
    assert cement_request.status == "closed"
    html = Client().get("/en/exchange/contracts/").content.decode()
    assert contract.link_id in html


def test_supplier_without_matching_offer_cannot_express_interest(users, cement_request):
    with pytest.raises(ValidationError):
        services.interest_express(user=users["other"], request=cement_request)  # concrete plant


def test_api_matches_only_for_owner(users, cement_request):
    c = Client()
    c.force_login(users["buyer"])
    r = c.get(f"/api/requests/{cement_request.pk}/matches/")
    assert r.status_code == 200
    data = r.json()
    assert data and data[0]["reasons"][0]["code"] == "code" and data[0]["reasons"][0]["text"]
    assert all(m["organisation"] is None for m in data)  # suppliers anonymous before agreement
    i = services.interest_express(user=users["supplier"], request=cement_request)
    services.interest_accept(user=users["buyer"], interest=i)
    data = c.get(f"/api/requests/{cement_request.pk}/matches/").json()
    assert users["supplier"].organisation_id in {m["organisation"] for m in data}
    c.force_login(users["supplier"])
    assert c.get(f"/api/requests/{cement_request.pk}/matches/").status_code == 403
    anon = Client().get(f"/api/requests/{cement_request.pk}/").json()
    assert anon["organisation"] is None


@pytest.mark.parametrize("q", ["цемент", "ЦЕМЕНТНЫЙ", "Цементный"])
def test_search_ignores_case_in_russian(seeded, q):
    from regiocluster.portal.members.selectors import organisation_list

    names = [o.name for o in organisation_list(q=q)]
    assert names == ["Синтетический цементный завод № 1 (иллюстративный)"]


def test_unicode_like_follows_sql_like():
    from regiocluster.portal.sqlite import unicode_like

    assert unicode_like("%цем%", "Синтетический ЦЕМЕНТНЫЙ завод")
    assert unicode_like("a_c", "ABC") and not unicode_like("a_c", "abbc")
    assert unicode_like("100\\%%", "100% sure", "\\") and not unicode_like("100\\%%", "1000", "\\")
    assert unicode_like(None, "x") is None
    # the plain-text fast paths agree with the pattern's meaning
    assert unicode_like("ооо%", "ООО Ромашка") and not unicode_like("ооо%", "АО ООО")
    assert unicode_like("%шка", "ООО Ромашка") and not unicode_like("%шка", "Ромашка ООО")
    assert unicode_like("abc", "ABC") and not unicode_like("abc", "ABCd")
    assert unicode_like("%", "") and not unicode_like("", "x")
    assert unicode_like("%a%b%", "xAxBx") and not unicode_like("%a%b%", "xbxax")


def test_supplier_desk_scores_equal_the_request_matches(users, cement_request):
    supplier = users["supplier"].organisation
    desk = selectors.matches_for_organisation(organisation=supplier)
    assert [r.pk for r, _m in desk] == [cement_request.pk]
    full = {m.supply.organisation_id: m for m in selectors.request_matches(request=cement_request)}
    assert desk[0][1].score == full[supplier.pk].score
    assert desk[0][1].reasons == full[supplier.pk].reasons
