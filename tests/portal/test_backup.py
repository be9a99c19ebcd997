"""backup → empty database → restore gives every table back, row for row, with the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from regiocluster.portal.backup import BackupError, backed_up_models, backup_restore, backup_write

from .conftest import login  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _rows() -> dict[str, list[tuple]]:
    """Every row of every backed-up table (and their many-to-many tables), sorted."""
    out = {}
    models = set(backed_up_models())
    for model in apps.get_models(include_auto_created=True):
        through_of = [f for f in model._meta.fields if f.is_relation and f.related_model in models]
        if model not in models and not (model._meta.auto_created and through_of):
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        if model._meta.auto_created:  # a many-to-many table: the pair is the content, not its id
            names = [n for n in names if n != model._meta.pk.attname]
        rows = model._default_manager.values_list(*names)
        out[model._meta.label] = sorted(tuple(map(str, r)) for r in rows)
    return out


def _populate(users, cement_request):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from regiocluster.portal.accounts.services import user_make_manager
    from regiocluster.portal.exchange import services
    from regiocluster.portal.members import services as member_services

    user_make_manager(user=users["manager"])  # a group with permissions
    TOTPDevice.objects.create(user=users["manager"], name="phone", confirmed=True)
    i = services.interest_express(user=users["supplier"], request=cement_request)
    services.interest_accept(user=users["buyer"], interest=i)
    services.deal_propose(user=users["buyer"], interest=i, value_mln_rub=2.0)
    services.deal_confirm(user=users["supplier"], interest=i)
    return member_services.document_upload(
        user=users["buyer"],
        organisation=users["buyer"].organisation,
        title="Charter",
        file=SimpleUploadedFile("charter.pdf", PDF),
    )


def test_backup_then_restore_into_an_empty_database_gives_every_table_back(
    users, cement_request, tmp_path, settings
):
    doc = _populate(users, cement_request)
    before = _rows()
    assert sum(len(v) for v in before.values()) > 100
    assert before["accounts.User"] and before["exchange.HistoricalContract"]
    counts = backup_write(tmp_path / "portal.zip")
    assert counts["accounts.User"] == len(before["accounts.User"])

    with pytest.raises(BackupError):  # never over live data
        backup_restore(tmp_path / "portal.zip")
    file_path = Path(settings.MEDIA_ROOT) / doc.file.name
    call_command("flush", interactive=False, verbosity=0)
    file_path.unlink()

    backup_restore(tmp_path / "portal.zip")
    after = _rows()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert file_path.read_bytes() == PDF


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not a portal backup"):
        backup_restore(bad)
