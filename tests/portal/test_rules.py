"""The object-level rule as a property: who may change what (no database)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from regiocluster.portal.accounts.models import Role
from regiocluster.portal.accounts.permissions import can_create_for_own_organisation, can_edit


def _user(role, org, authenticated=True):
    return SimpleNamespace(
        is_authenticated=authenticated,
        organisation_id=org,
        is_manager=role in (Role.MANAGER, Role.ADMIN),
        is_observer=role == Role.OBSERVER,
    )


roles = st.sampled_from(list(Role))
orgs = st.one_of(st.none(), st.integers(1, 5))


@given(roles, orgs, st.integers(1, 5), st.booleans())
def test_only_the_owner_or_the_manager_may_edit(role, user_org, owner_org, authenticated):
    user = _user(role, user_org, authenticated)
    thing = SimpleNamespace(organisation_id=owner_org)  # a request, offer, capacity ...
    expected = authenticated and (
        role in (Role.MANAGER, Role.ADMIN) or (role == Role.MEMBER and user_org == owner_org)
    )
    assert can_edit(user, thing) == expected


@given(roles, orgs)
def test_observers_and_visitors_never_create(role, user_org):
    assert not can_create_for_own_organisation(_user(role, user_org, authenticated=False))
    if role == Role.OBSERVER:
        assert not can_create_for_own_organisation(_user(role, user_org))
