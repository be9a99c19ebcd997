"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts and roles."""

    name = "regiocluster.portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
