"""Uploads are checked by type (extension and content) and size."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from regiocluster.portal.members.models import Document

from .conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(client, org, name, content):
    return client.post(
        f"/en/members/{org.pk}/document/",
        {"title": "Charter", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    "name,content",
    [
        ("malware.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf"),
        ("image.png", PDF),
        ("empty.pdf", b""),
        ("notes.txt", b"\x00\x01binary"),
    ],
)
def test_bad_uploads_are_rejected(users, name, content):
    org = users["buyer"].organisation
    r = _post(login(Client(), users["buyer"]), org, name, content)
    assert r.status_code == 400
    assert Document.objects.count() == 0


@override_settings(DOCUMENT_MAX_BYTES=1000)
def test_too_large_upload_is_rejected(users):
    org = users["buyer"].organisation
    r = _post(login(Client(), users["buyer"]), org, "big.pdf", PDF + b"0" * 2000)
    assert r.status_code == 400
    assert Document.objects.count() == 0


def test_good_upload_is_stored_and_only_owner_may_upload(users):
    org = users["buyer"].organisation
    assert _post(login(Client(), users["other"]), org, "charter.pdf", PDF).status_code == 403
    r = _post(login(Client(), users["buyer"]), org, "charter.pdf", PDF)
    assert r.status_code == 302
    doc = Document.objects.get()
    assert doc.organisation == org
    with doc.file.open("rb") as fh:
        assert fh.read() == PDF


def test_admin_uploads_are_checked_too(users):
    from regiocluster.portal.accounts.services import user_make_manager
    from regiocluster.portal.content.models import PublicDocument

    user_make_manager(user=users["manager"])
    c = login(Client(), users["manager"])
    data = {"title_ru": "Устав", "title_en": "Charter", "published": "2025-01-01", "url": ""}
    bad = c.post(
        "/admin/content/publicdocument/add/",
        {**data, "file": SimpleUploadedFile("charter.pdf", b"MZ\x90\x00")},
    )
    assert bad.status_code == 200 and not PublicDocument.objects.exists()
    good = c.post(
        "/admin/content/publicdocument/add/",
        {**data, "file": SimpleUploadedFile("charter.pdf", PDF)},
    )
    assert good.status_code == 302 and PublicDocument.objects.count() == 1
