"""Writes of the content app."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from regiocluster.portal.content.models import NewsItem, Page

_PAGES = (
    (
        "about",
        "О кластере",
        "About the cluster",
        "Кластер промышленности строительных материалов Ленинградской области и Санкт-Петербурга "
        "объединяет производителей, поставщиков сырья, строителей, научные и образовательные "
        "организации. Портал ведёт управляющая компания кластера: реестр участников, биржа "
        "субконтрактации и реестр договоров между участниками.\n\n"
        "Данные о предприятиях во встроенном примере синтетические (иллюстративные).",
        "The construction-materials cluster of Leningrad Oblast and St. Petersburg brings together "
        "producers, raw-material suppliers, builders, research and education. The cluster's "
        "management organisation runs this portal: the member registry, the subcontracting "
        "exchange and the register of contracts between members.\n\n"
        "Enterprise data in the embedded example are synthetic (illustrative).",
    ),
    (
        "join",
        "Как вступить",
        "How to join",
        "Заполните заявку на вступление. Управляющая компания рассмотрит её и создаст учётную "
        "запись представителя организации.",
        "Fill in the membership application. The cluster manager reviews it and creates an account "
        "for your organisation's representative.",
    ),
)


@transaction.atomic
def content_seed() -> None:
    """Create the static pages and a first news item if there are none."""
    for slug, tru, ten, bru, ben in _PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title_ru": tru, "title_en": ten, "body_ru": bru, "body_en": ben}
        )
    if not NewsItem.objects.exists():
        NewsItem.objects.create(
            title_ru="Портал кластера открыт",
            title_en="The cluster portal is open",
            body_ru="Участники могут вести профили, размещать потребности и предложения на бирже "
            "субконтрактации и видеть подходящих партнёров с объяснением подбора.",
            body_en="Members can keep their profiles, post needs and offers on the subcontracting "
            "exchange and see matching partners with the reasons for each match.",
            published=timezone.localdate(),
        )
