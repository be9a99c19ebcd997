"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    """Scenarios and lever sets of the cluster development model on the live case."""

    name = "regiocluster.portal.development"
    label = "development"
    verbose_name = _("Development model")
