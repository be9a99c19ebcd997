"""Admin for content."""

from django.contrib import admin
from django.db import models

from regiocluster.portal.content.models import NewsItem, Page, PublicDocument


class PortalAdmin(admin.ModelAdmin):
    """Admin defaults: URL fields assume https (the Django 6 default)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


admin.site.register(NewsItem, PortalAdmin, list_display=("title_ru", "title_en", "published"))
admin.site.register(Page, PortalAdmin, list_display=("slug", "title_ru", "title_en"))
admin.site.register(PublicDocument, PortalAdmin, list_display=("title_ru", "published"))
