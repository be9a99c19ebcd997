"""News, public documents and static pages (bilingual)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.members.models import _bilingual
from regiocluster.portal.members.validators import validate_document


class NewsItem(models.Model):
    """A news item of the cluster."""

    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    published = models.DateField(_("published"), db_index=True)

    class Meta:
        """Options."""

        ordering = ["-published", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Title in the active language."""
        return _bilingual(self.title_ru, self.title_en)

    @property
    def body(self) -> str:
        """Text in the active language."""
        return _bilingual(self.body_ru, self.body_en)


class Page(models.Model):
    """A static page (about the cluster, how to join ...)."""

    slug = models.SlugField(_("address"), unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        """Options."""

        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    title = NewsItem.title
    body = NewsItem.body


class PublicDocument(models.Model):
    """A public document of the cluster (charter, regulations, reports)."""

    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    file = models.FileField(
        _("file"), upload_to="public/", blank=True, validators=[validate_document]
    )
    url = models.URLField(_("link"), blank=True)
    published = models.DateField(_("published"))

    class Meta:
        """Options."""

        ordering = ["-published"]
        verbose_name = _("public document")
        verbose_name_plural = _("public documents")

    def __str__(self) -> str:
        return self.title

    title = NewsItem.title
