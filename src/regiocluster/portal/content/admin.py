"""Admin for content."""

from django.contrib import admin

from regiocluster.portal.content.models import NewsItem, Page, PublicDocument

admin.site.register(NewsItem, list_display=("title_ru", "title_en", "published"))
admin.site.register(Page, list_display=("slug", "title_ru", "title_en"))
admin.site.register(PublicDocument, list_display=("title_ru", "published"))
