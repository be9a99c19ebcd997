"""Admin for the exchange."""

from django.contrib import admin

from regiocluster.portal.exchange import models
from regiocluster.portal.members.admin import PortalAdmin

admin.site.register(
    models.PurchaseRequest,
    PortalAdmin,
    list_display=("title", "organisation", "okpd2", "quantity", "status"),
)
admin.site.register(
    models.Offer,
    PortalAdmin,
    list_display=("title", "organisation", "okpd2", "free_capacity", "active"),
)
admin.site.register(
    models.Interest, PortalAdmin, list_display=("request", "supplier", "score", "status")
)
admin.site.register(
    models.Contract,
    PortalAdmin,
    list_display=("link_id", "supplier", "buyer", "year", "value", "source"),
)
