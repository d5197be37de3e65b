"""The blind index of names: search by name without names in clear text.

Each part of each name is normalised as the linkage encoder does it
(Cyrillic transliterated, diacritics folded: "Јовановић", "Jovanović" and
"Jovanovic" give one form) and stored as a keyed hash. A search hashes the
words typed the same way and matches exactly. The key is derived from the
installation's SECRET_KEY; after changing it, `thbhub cases reindex`
rebuilds the index.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from thbhub.linkage.normalise import name_parts

_SALT = "thbhub.cases.name-index"
# 128 bits: collisions stay negligible, and the index holds no more than needed.
_TOKEN_LENGTH = 32


def name_token(part: str) -> str:
    return salted_hmac(_SALT, part, algorithm="sha256").hexdigest()[:_TOKEN_LENGTH]


def name_tokens(*names: str) -> set[str]:
    """The tokens of every part of the given names."""
    return {name_token(part) for name in names for part in name_parts(name)}


def query_tokens(query: str) -> list[str]:
    """One token per word of a search, each of which must match."""
    return sorted({name_token(part) for part in name_parts(query)})
