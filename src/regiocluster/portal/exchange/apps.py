"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Subcontracting exchange."""

    name = "regiocluster.portal.exchange"
    label = "exchange"
    verbose_name = _("Subcontracting exchange")

    def ready(self) -> None:
        """Connect the data-version signals so cached pages follow every change."""
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
