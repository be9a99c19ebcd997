"""Writes of the test site, the Smart House bill of materials and the self-assessment."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiocluster.portal.members.models import Certificate, Organisation, Product
from regiocluster.portal.programme import rules
from regiocluster.portal.programme.models import (
    BomLine,
    BomVersion,
    Booking,
    BookingSlot,
    Equipment,
    SelfAssessmentRecord,
    TestProtocol,
    TestResult,
)
from regiocluster.programme import INDICATORS, SCALE, ProgrammeError, booking_slots

#: Attempts when SQLite reports the database busy (another writer holds it).
BUSY_RETRIES = 20


def _slots(start: datetime, end: datetime) -> list[datetime]:
    tz = timezone.get_current_timezone()
    local = [timezone.localtime(t, tz) if timezone.is_aware(t) else t for t in (start, end)]
    try:
        return booking_slots(local[0].replace(tzinfo=None), local[1].replace(tzinfo=None))
    except ProgrammeError as exc:
        raise ValidationError({"start": str(exc)}) from exc


def booking_create(
    *, user: Any, equipment: Equipment, start: datetime, end: datetime, purpose: str = ""
) -> Booking:
    """Book ``equipment`` from ``start`` to ``end`` for the user's organisation.

    Each occupied slot is a row under a unique (equipment, slot) constraint:
    of two requests for the same slot, even at the same moment, the database
    accepts one and refuses the other, which gets a :class:`ValidationError`.
    """
    rules.ensure(rules.can_book(user))
    tz = timezone.get_current_timezone()
    slots = [timezone.make_aware(s, tz) for s in _slots(start, end)]
    if slots[0] < timezone.now():
        raise ValidationError({"start": _("The booking starts in the past.")})
    for attempt in range(BUSY_RETRIES):
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    equipment=equipment,
                    organisation_id=user.organisation_id,
                    user=user,
                    start=slots[0],
                    end=end if timezone.is_aware(end) else timezone.make_aware(end, tz),
                    purpose=purpose[:300],
                )
                BookingSlot.objects.bulk_create(
                    [BookingSlot(booking=booking, equipment=equipment, slot=s) for s in slots]
                )
            return booking
        except IntegrityError as exc:
            raise ValidationError(
                {"start": _("This time is already booked. Choose another slot.")}
            ) from exc
        except OperationalError as exc:  # SQLite: another writer holds the lock
            if "locked" not in str(exc) or attempt == BUSY_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def booking_cancel(*, user: Any, booking: Booking) -> None:
    """Cancel a booking: its own organisation or the manager."""
    rules.ensure(
        rules.is_manager(user)
        or (rules.can_book(user) and booking.organisation_id == user.organisation_id)
    )
    booking.delete()


@transaction.atomic
def protocol_record(
    *,
    user: Any,
    equipment: Equipment,
    organisation: Organisation,
    product: Product,
    standard: str,
    number: str,
    tested: date,
    result: str,
    values: str = "",
    certificate_expires: date | None = None,
) -> TestProtocol:
    """Record a test protocol (the test site's operator: the manager).

    A passed test with ``certificate_expires`` enters the member's
    certificates in the registry, with the standard and the protocol number.
    """
    rules.ensure(rules.is_manager(user))
    protocol = TestProtocol(
        equipment=equipment,
        organisation=organisation,
        product=product,
        standard=standard.strip(),
        number=number.strip(),
        tested=tested,
        result=result,
        values=values,
    )
    protocol.full_clean()
    if certificate_expires is not None:
        if result != TestResult.PASSED:
            raise ValidationError({"result": _("Only a passed test gives a certificate.")})
        if certificate_expires <= tested:
            raise ValidationError(
                {"certificate_expires": _("The certificate must expire after the test.")}
            )
        cert = Certificate(
            organisation=organisation,
            code=protocol.standard,
            number=protocol.number,
            product=product,
            valid_from=tested,
            expires=certificate_expires,
        )
        cert.full_clean()
        cert.save()
        protocol.certificate = cert
    protocol.save()
    return protocol


@transaction.atomic
def bom_version_create(
    *, user: Any, title: str, note: str = "", copy_from: BomVersion | None = None
) -> BomVersion:
    """Start a new version of the bill of materials, optionally a copy of another."""
    rules.ensure(rules.is_manager(user))
    last = BomVersion.objects.order_by("-number").first()
    version = BomVersion(number=(last.number + 1) if last else 1, title=title, note=note)
    version.full_clean()
    version.save()
    if copy_from is not None:
        BomLine.objects.bulk_create(
            [
                BomLine(
                    version=version,
                    product_id=ln.product_id,
                    supplier_id=ln.supplier_id,
                    item=ln.item,
                    quantity=ln.quantity,
                    unit=ln.unit,
                    unit_price=ln.unit_price,
                    imported=ln.imported,
                )
                for ln in copy_from.lines.all()
            ]
        )
    return version


@transaction.atomic
def bom_line_add(
    *,
    user: Any,
    version: BomVersion,
    quantity: float,
    unit_price: float,
    product: Product | None = None,
    supplier: Organisation | None = None,
    item: str = "",
    unit: str = "",
    imported: bool = False,
) -> BomLine:
    """Add a line: a member's catalogue product (item and unit from the catalogue) or an item.

    A catalogue product must be made by its supplier (a member with capacity
    for it); such a line is made in the cluster, so it cannot be imported.
    """
    rules.ensure(rules.is_manager(user))
    if product is not None:
        if supplier is None or not supplier.is_member:
            raise ValidationError({"supplier": _("Choose the member that makes this product.")})
        if not supplier.capacities.filter(product=product).exists():
            raise ValidationError({"supplier": _("This member does not make this product.")})
        if imported:
            raise ValidationError({"imported": _("A member's product is made in the cluster.")})
        item = item or product.name
        unit = unit or product.unit
    line = BomLine(
        version=version,
        product=product,
        supplier=supplier,
        item=item,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        imported=imported,
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def self_assessment_save(
    *, user: Any, assessed: date, answers: dict[str, int], management_fte: float, website: bool
) -> SelfAssessmentRecord:
    """Record a self-assessment (manager only); earlier ones stay as history."""
    rules.ensure(rules.is_manager(user))
    for key, score in answers.items():
        if key not in INDICATORS or score not in SCALE:
            raise ValidationError(_("Unknown indicator or score: %(k)s") % {"k": key})
    record = SelfAssessmentRecord(
        assessed=assessed,
        answers=answers,
        management_fte=management_fte,
        website=website,
        user=user,
    )
    record.full_clean()
    record.save()
    return record
