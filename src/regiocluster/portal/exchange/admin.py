"""Admin for the exchange."""

from django.contrib import admin

from regiocluster.portal.exchange import models

admin.site.register(
    models.PurchaseRequest, list_display=("title", "organisation", "okpd2", "quantity", "status")
)
admin.site.register(
    models.Offer, list_display=("title", "organisation", "okpd2", "free_capacity", "active")
)
admin.site.register(models.Interest, list_display=("request", "supplier", "score", "status"))
admin.site.register(
    models.Contract, list_display=("link_id", "supplier", "buyer", "year", "value", "source")
)
