"""Optimistic locking: an edit based on an old version is refused, never silently merged.

Editable models carry a ``version`` that every save through
:func:`versioned_update` raises by one. A form sends back the version it was
built from; when someone else saved in between, :class:`StaleEditError` names
each field whose stored value now differs from the submitted one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class FieldChange:
    """A field changed by someone else: its label, the stored value and the submitted one."""

    field: str
    label: str
    theirs: str
    yours: str


class StaleEditError(ValidationError):
    """The record changed since the form was opened; ``changes`` lists the differences."""

    def __init__(self, changes: list[FieldChange], *, version: int) -> None:
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Their changes are shown below; check them and save again to keep yours."
            ),
            code="stale",
        )
        self.changes = changes
        self.version = version


def _text(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def versioned_update(
    *, instance: M, fields: Iterable[str], data: Mapping[str, Any], version: int | None
) -> M:
    """Apply ``data`` to the stored row of ``instance`` if it is still at ``version``.

    The row is re-read under a write lock, so two concurrent saves are ordered and
    the second one sees the first one's version.

    Parameters
    ----------
    instance : Model
        The record (only its primary key and type are used).
    fields : iterable of str
        Fields that ``data`` may change.
    data : mapping
        New values.
    version : int or None
        The version the edit was based on; ``None`` skips the check (API clients
        that do not send one get last-write-wins).

    Returns
    -------
    Model
        The saved record with its new version.

    Raises
    ------
    StaleEditError
        If the stored version differs from ``version``.
    """
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    allowed = [f for f in fields if f in data]
    if version is not None and current.version != int(version):
        changes = [
            FieldChange(
                field=name,
                label=str(model._meta.get_field(name).verbose_name),
                theirs=_text(getattr(current, name)),
                yours=_text(data[name]),
            )
            for name in allowed
            if getattr(current, name) != data[name]
        ]
        raise StaleEditError(changes, version=current.version)
    for name in allowed:
        setattr(current, name, data[name])
    current.version += 1
    current.full_clean()
    current.save()
    for f in model._meta.concrete_fields:  # the caller's object shows the saved state too
        setattr(instance, f.attname, getattr(current, f.attname))
    return instance


class VersionedModelForm(forms.ModelForm):
    """A model form that sends back the version it was built from (hidden field)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


def form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``.

    A :class:`StaleEditError` also attaches the other person's changes
    (``form.stale_changes``, shown by ``form.html``) and moves the hidden version
    forward, so saving again deliberately keeps the user's values.
    """
    if isinstance(exc, StaleEditError):
        form.add_error(None, exc.messages)
        form.stale_changes = exc.changes
        form.data = form.data.copy()
        form.data["version"] = str(exc.version)
    elif hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)
