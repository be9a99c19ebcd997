"""Writes of accounts: the cluster managers' group with its admin permissions."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from regiocluster.portal.hardening import site_url

MANAGER_GROUP = "Cluster managers"
#: Apps whose data the cluster manager maintains in the admin (news, pages, registry, exchange).
MANAGED_APPS = ("content", "members", "exchange")


@transaction.atomic
def manager_group_ensure() -> Group:
    """Create or refresh the group giving cluster managers all permissions on portal data."""
    group, _created = Group.objects.get_or_create(name=MANAGER_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=MANAGED_APPS))
    return group


@transaction.atomic
def user_make_manager(*, user) -> None:
    """Give ``user`` the cluster-manager role, admin access and the managers' group."""
    user.role = "manager"
    user.is_staff = True
    user.save(update_fields=["role", "is_staff"])
    user.groups.add(manager_group_ensure())


def password_set_url(*, uid: str, token: str) -> str:
    """Absolute address (from ``REGIOCLUSTER_SITE_URL``) of the set-password page."""
    return site_url(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
