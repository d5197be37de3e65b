"""Re-encrypting stored personal identifiers under the newest key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import connections, models
from django.db.models import ExpressionWrapper, F

from thbhub.core.encryption import PREFIX, EncryptedTextField, encrypt, reencrypt
from thbhub.operations.archive import KEYS_SETTING, OperationError

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Rotated:
    rows: int
    values: int
    # Values found in clear text (written before the field was encrypted).
    encrypted: int


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    result = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = [f for f in meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            result.append((model, fields))
    return result


def rotate_model(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    *,
    alias: str,
    batch_size: int,
    progress: Progress,
) -> Rotated:
    """Rewrite one model's encrypted values; call inside a transaction."""
    connection = connections[alias]
    meta = model._meta
    label = meta.label_lower
    manager = model._base_manager.using(alias)
    # The annotations carry the text as stored: a plain TextField output has
    # no from_db_value, so the encrypted field's decryption is not applied.
    stored = {
        f"stored_{field.attname}": ExpressionWrapper(
            F(field.attname), output_field=models.TextField()
        )
        for field in fields
    }
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Identifiers come from the model; values go as parameters. The values
    # are already encrypted, so the field's own encryption must be bypassed;
    # updated_at and version stay as they are, the content being unchanged.
    update = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    ids = list(manager.order_by("pk").values_list("pk", flat=True))
    rows = values = encrypted = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        # Locked, so that no one changes a row between its reading and its rewriting.
        current = (
            manager.select_for_update()
            .filter(pk__in=batch)
            .annotate(**stored)
            .values_list("pk", *stored)
        )
        parameters = []
        for pk, *texts in current:
            new_texts = []
            for field, text in zip(fields, texts, strict=True):
                if not text:
                    new_texts.append(text)
                    continue
                new_texts.append(_rotated(text, label=label, field=field.name, pk=pk))
                values += 1
                encrypted += 0 if text.startswith(PREFIX) else 1
            if new_texts != texts:
                parameters.append([*new_texts, meta.pk.get_db_prep_value(pk, connection)])
        if parameters:
            with connection.cursor() as cursor:
                cursor.executemany(update, parameters)
        rows += len(parameters)
        progress(f"{label}: {min(start + batch_size, len(ids))}/{len(ids)} rows")
    return Rotated(rows=rows, values=values, encrypted=encrypted)


def _rotated(text: str, *, label: str, field: str, pk: object) -> str:
    if not text.startswith(PREFIX):
        return encrypt(text)
    try:
        return reencrypt(text)
    except InvalidToken:
        msg = (
            f"{label} {pk}, field {field}: the value cannot be read with any key in "
            f"{KEYS_SETTING}; that list must still hold the key it was written with. "
            "Nothing was changed."
        )
        raise OperationError(msg) from None
