"""Writes of the member registry: every change goes through here (permissions checked)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from regiocluster.portal.accounts.permissions import (
    ensure_can_edit,
    ensure_manager,
)
from regiocluster.portal.accounts.services import password_set_url
from regiocluster.portal.locking import versioned_update
from regiocluster.portal.members.models import (
    ApplicationStatus,
    Capacity,
    Certificate,
    Document,
    MembershipApplication,
    Organisation,
    Person,
    Product,
    Region,
    Visibility,
)
from regiocluster.portal.members.validators import validate_inn

#: Fields of an organisation a member representative may change.
ORGANISATION_EDITABLE = (
    "name",
    "name_en",
    "kpp",
    "ogrn",
    "legal_address",
    "okved",
    "okved_extra",
    "lon",
    "lat",
    "size_class",
    "founded",
    "description",
    "description_en",
    "website",
    "email",
    "phone",
)

#: Leading bytes of the allowed document types (checked, not only the file name).
_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


@transaction.atomic
def organisation_update(
    *, user: Any, organisation: Organisation, data: dict[str, Any], version: int | None = None
) -> Organisation:
    """Change an organisation's profile; only its own representative or the manager may.

    Raises
    ------
    PermissionDenied
        The user may not change this organisation (HTTP 403; nothing changes).
    StaleEditError
        ``version`` is given and someone else saved the profile since.
    ValidationError
        A field is invalid.
    """
    ensure_can_edit(user, organisation)
    return versioned_update(
        instance=organisation, fields=ORGANISATION_EDITABLE, data=data, version=version
    )


@transaction.atomic
def person_create(
    *,
    user: Any,
    organisation: Organisation,
    full_name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> Person:
    """Add a contact person to an organisation."""
    ensure_can_edit(user, organisation)
    person = Person(
        organisation=organisation, full_name=full_name, position=position, email=email, phone=phone
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def capacity_set(
    *,
    user: Any,
    organisation: Organisation,
    product: Product,
    year: int,
    capacity: float,
    output: float = 0.0,
) -> Capacity:
    """Declare (or change) an organisation's capacity for a product in a year."""
    ensure_can_edit(user, organisation)
    if output > capacity:
        raise ValidationError({"output": _("Output cannot exceed capacity.")})
    obj, _created = Capacity.objects.get_or_create(
        organisation=organisation,
        product=product,
        year=year,
        defaults={"capacity": capacity, "output": output},
    )
    obj.capacity, obj.output = capacity, output
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def certificate_create(
    *,
    user: Any,
    organisation: Organisation,
    code: str,
    valid_from: date,
    expires: date,
    number: str = "",
    product: Product | None = None,
) -> Certificate:
    """Register a certificate of conformity held by an organisation."""
    ensure_can_edit(user, organisation)
    if expires < valid_from:
        raise ValidationError({"expires": _("The expiry date is before the start date.")})
    cert = Certificate(
        organisation=organisation,
        code=code.strip(),
        number=number,
        valid_from=valid_from,
        expires=expires,
        product=product,
    )
    cert.full_clean()
    cert.save()
    return cert


def document_check(file: UploadedFile) -> None:
    """Check an upload's type (extension and content) and size.

    Raises
    ------
    ValidationError
        Wrong type, content that does not match the extension, empty or too large.
    """
    name = (file.name or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in settings.DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Allowed file types: %(types)s.") % {"types": ", ".join(settings.DOCUMENT_EXTENSIONS)}
        )
    if file.size is None or file.size == 0:
        raise ValidationError(_("The file is empty."))
    if file.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb).1f MB.") % {"mb": settings.DOCUMENT_MAX_BYTES / 2**20}
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if ext in _MAGIC and not any(head.startswith(m) for m in _MAGIC[ext]):
        raise ValidationError(_("The file's content does not match its type."))
    if ext in ("txt", "csv") and b"\x00" in head:
        raise ValidationError(_("The file's content does not match its type."))


@transaction.atomic
def document_upload(
    *,
    user: Any,
    organisation: Organisation,
    title: str,
    file: UploadedFile,
    visibility: str = Visibility.OWNER,
) -> Document:
    """Attach a checked document to an organisation, visible to ``visibility``."""
    ensure_can_edit(user, organisation)
    document_check(file)
    doc = Document(
        organisation=organisation,
        title=title,
        file=file,
        visibility=visibility or Visibility.OWNER,
    )
    doc.full_clean()
    doc.save()
    return doc


@transaction.atomic
def application_submit(
    *,
    organisation_name: str,
    inn: str,
    okved: str,
    kind: str,
    region: Region,
    contact_name: str,
    email: str,
    phone: str = "",
    message: str = "",
    lon: float | None = None,
    lat: float | None = None,
    founded: int | None = None,
    size_class: str = "small",
) -> MembershipApplication:
    """Submit an application to join the cluster (anyone may)."""
    validate_inn(inn)
    app = MembershipApplication(
        organisation_name=organisation_name,
        inn=inn,
        okved=okved,
        kind=kind,
        region=region,
        contact_name=contact_name,
        email=email,
        phone=phone,
        message=message,
        lon=lon,
        lat=lat,
        founded=founded,
        size_class=size_class,
    )
    app.full_clean()
    app.save()
    return app


def _new_case_id() -> str:
    n = Organisation.objects.filter(case_id__startswith="P").count() + 1
    while Organisation.objects.filter(case_id=f"P{n:05d}").exists():
        n += 1
    return f"P{n:05d}"


@transaction.atomic
def application_approve(
    *, user: Any, application: MembershipApplication, note: str = ""
) -> Organisation:
    """Approve an application: create the organisation and its representative's account.

    The representative gets an e-mail with a link to set a password (console
    backend by default).
    """
    ensure_manager(user)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been reviewed."))
    region = application.region
    org = Organisation(
        case_id=_new_case_id(),
        name=application.organisation_name,
        inn=application.inn,
        okved=application.okved,
        kind=application.kind,
        region=region,
        is_member=True,
        lon=application.lon if application.lon is not None else (region.lon or 30.3),
        lat=application.lat if application.lat is not None else (region.lat or 59.9),
        email=application.email,
        phone=application.phone,
        founded=application.founded,
        size_class=application.size_class,
    )
    org.full_clean()
    org.save()
    User = get_user_model()
    username = application.email.lower()
    if not User.objects.filter(username=username).exists():
        rep = User.objects.create_user(
            username=username,
            email=application.email,
            password=secrets.token_urlsafe(16),
            role="member",
            organisation=org,
            first_name=application.contact_name[:150],
        )
        uid = urlsafe_base64_encode(force_bytes(rep.pk))
        token = default_token_generator.make_token(rep)
        send_mail(
            _("Your cluster membership is approved"),
            _("Welcome to the cluster portal. Set your password here: %(url)s")
            % {"url": password_set_url(uid=uid, token=token)},
            None,
            [application.email],
        )
    application.status = ApplicationStatus.APPROVED
    application.reviewed_by = user
    application.reviewed_at = timezone.now()
    application.review_note = note
    application.organisation = org
    application.save()
    return org


@transaction.atomic
def application_reject(*, user: Any, application: MembershipApplication, note: str = "") -> None:
    """Reject an application with a note."""
    ensure_manager(user)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been reviewed."))
    application.status = ApplicationStatus.REJECTED
    application.reviewed_by = user
    application.reviewed_at = timezone.now()
    application.review_note = note
    application.save()
