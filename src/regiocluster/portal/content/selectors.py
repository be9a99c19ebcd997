"""Reads of the content app."""

from __future__ import annotations

from django.db.models import QuerySet

from regiocluster.portal.content.models import NewsItem, Page, PublicDocument


def news_list(*, limit: int | None = None) -> QuerySet[NewsItem]:
    """News, newest first."""
    qs = NewsItem.objects.order_by("-published", "-id")
    return qs[:limit] if limit else qs


def page_get(*, slug: str) -> Page:
    """Return a static page by its address."""
    return Page.objects.get(slug=slug)


def document_list() -> QuerySet[PublicDocument]:
    """Public documents, newest first."""
    return PublicDocument.objects.order_by("-published")
