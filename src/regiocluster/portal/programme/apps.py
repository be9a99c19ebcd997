"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """Management system: plan of measures, KPIs, joint projects, test site, Smart House."""

    name = "regiocluster.portal.programme"
    label = "programme"
    verbose_name = _("Management system")

    def ready(self) -> None:
        """Connect the data-version signals so cached pages follow every change."""
        from regiocluster.portal.cacheversion import connect_signals

        connect_signals(self.label)
