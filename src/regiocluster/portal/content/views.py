"""Pages of the content app: home, news, documents, static pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from regiocluster.portal.analytics import headline_figures, member_count
from regiocluster.portal.content import selectors
from regiocluster.portal.content.models import NewsItem, Page
from regiocluster.portal.exchange.selectors import contract_totals, cooperation_share
from regiocluster.portal.members.models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    """Show the home page: the cluster in figures and the latest news."""
    year, share = cooperation_share()
    ctx = {
        "members": member_count(),
        "illustrative": Organisation.objects.filter(is_member=True, synthetic=True).exists(),
        "share_year": year,
        "share": share,
        "contracts": contract_totals(),
        "news": selectors.news_list(limit=3),
    }
    return render(request, "content/home.html", ctx)


def figures(request: HttpRequest) -> HttpResponse:
    """Show the cluster in figures: the headline Results on the live case, rendered."""
    return render(request, "content/figures.html", {"data": headline_figures()})


def news_list(request: HttpRequest) -> HttpResponse:
    """All news."""
    return render(request, "content/news_list.html", {"news": selectors.news_list()})


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One news item."""
    return render(request, "content/news_detail.html", {"item": get_object_or_404(NewsItem, pk=pk)})


def document_list(request: HttpRequest) -> HttpResponse:
    """Public documents."""
    return render(request, "content/documents.html", {"documents": selectors.document_list()})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a static page."""
    try:
        obj = selectors.page_get(slug=slug)
    except Page.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "content/page.html", {"page": obj})
