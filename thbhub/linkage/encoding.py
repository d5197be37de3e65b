"""Keyed Bloom-filter encodings of a person's name, date of birth and sex.

Each field yields tokens (name bigrams, date parts, sex); each token sets k
bit positions chosen by HMAC-SHA256 with the shared secret (double hashing
from the two halves of one HMAC). The number of positions per token is the
field's weight. Without the secret nobody can tell which token set which
bits, so the hub compares encodings but cannot read them.

Hardening: after encoding, every bit is flipped with a small probability
(randomised response, "BLIP"). The random stream is derived from the secret
and the encoding itself, so the same person encoded again (next year's
upload) gets the same flips and averaging several uploads reveals nothing
more. Salting with a stable attribute was rejected: the attributes that
could salt (citizenship, place of birth) are written differently by the
country of origin and the country of destination, and a salt that differs
kills exactly the cross-border matches this linkage exists for.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.normalise import PartialDate

# The encoding scheme: normalisation, tokens, weights and layout together.
# Encodings of different schemes are never compared, because the same person
# encoded under each would not match and nothing would say why. Raise it with
# any change that alters the encoding of some input. Scheme 1 (files with no
# scheme column, before 2026-11-23) folded names letter by letter; scheme 2
# writes them as they sound (normalise.linkage_names).
SCHEME = "2"
KNOWN_SCHEMES = ("1", "2")


def newest_scheme(schemes: Iterable[str]) -> str:
    """The newest of some known encoding schemes."""
    return max(schemes, key=KNOWN_SCHEMES.index)


BITS = 1024
BYTES = BITS // 8
# Two segments: name parts and sex in the first half, date of birth in the
# second. The hub can then score the date only when both records have one,
# so a missing date lowers the weight of the evidence instead of counting as
# a disagreement. Powers of two keep the double-hashing positions distinct.
SEGMENT_BITS = 512
DATE_FIELDS = frozenset({"dy", "dc", "dm", "dd", "df"})

# Bit positions per token: the field weights. A name carries most of the
# identity; the full date of birth separates namesakes; its parts give
# partial credit for a mistyped digit; sex only breaks ties. The date weighs
# less than the name in total, so that neither namesakes nor strangers born
# on the same day reach the threshold by one field alone.
NAME_K = 10
DATE_K = 40
YEAR_K = 30
DATE_PART_K = 10
SEX_K = 8
DEFAULT_FLIP_PROBABILITY = 0.02
# Above this, the random bits in an empty date segment could pass for a date
# at the hub (linking.DATE_PRESENT_BITS), and recall collapses anyway.
MAX_FLIP_PROBABILITY = 0.05


@dataclass(frozen=True)
class Identity:
    """The normalised fields that are encoded, and only those."""

    name_parts: tuple[str, ...]
    date_of_birth: PartialDate | None
    sex: str


def tokens(identity: Identity) -> list[tuple[str, str, int]]:
    """(field, token, k) triples of one person.

    All name parts, given and family, go into one field as padded bigrams of
    each part: the set does not depend on the order of the parts, so swapped
    name order and a family name moved into the given-name column still match.
    """
    result: list[tuple[str, str, int]] = []
    for part in identity.name_parts:
        padded = f"_{part}_"
        result.extend(("n", padded[i : i + 2], NAME_K) for i in range(len(padded) - 1))
    date = identity.date_of_birth
    if date is not None:
        result.append(("dy", str(date.year), YEAR_K))
        # The decade still agrees when one digit of the year is mistyped.
        result.append(("dc", str(date.year // 10), DATE_PART_K))
        if date.month is not None:
            result.append(("dm", str(date.month), DATE_PART_K))
        if date.day is not None:
            result.append(("dd", str(date.day), DATE_PART_K))
        if date.month is not None and date.day is not None:
            # The whole date with day and month as an unordered pair: a day/month
            # swap keeps this token, the heaviest of the date.
            low, high = sorted((date.month, date.day))
            result.append(("df", f"{date.year}/{low}/{high}", DATE_K))
    if identity.sex:
        result.append(("s", identity.sex, SEX_K))
    return result


class Encoder:
    """Encodes identities with one key; caches the bits of each token it has seen."""

    def __init__(
        self, key: LinkageKey, *, flip_probability: float = DEFAULT_FLIP_PROBABILITY
    ) -> None:
        if not 0.0 <= flip_probability <= MAX_FLIP_PROBABILITY:
            msg = f"the flip probability must be between 0 and {MAX_FLIP_PROBABILITY}"
            raise ValueError(msg)
        self.key = key
        self.flip_probability = flip_probability
        self._hmac = hmac.new(key.secret, digestmod=hashlib.sha256)
        self._masks: dict[tuple[str, str, int], int] = {}

    def _token_mask(self, token: tuple[str, str, int]) -> int:
        mask = self._masks.get(token)
        if mask is None:
            field, value, k = token
            mac = self._hmac.copy()
            mac.update(f"{field}\x1f{value}".encode())
            digest = mac.digest()
            first = int.from_bytes(digest[:8], "big")
            # Odd step: with a power-of-two length the k positions are all distinct.
            step = int.from_bytes(digest[8:16], "big") | 1
            offset = SEGMENT_BITS if field in DATE_FIELDS else 0
            mask = 0
            for i in range(k):
                # Bit 0 of the packed bytes is the integer's highest bit: the name
                # segment is the first half of the encoding.
                mask |= 1 << (BITS - 1 - offset - (first + i * step) % SEGMENT_BITS)
            self._masks[token] = mask
        return mask

    def bloom(self, identity: Identity) -> bytes:
        """The unhardened Bloom filter, BYTES long."""
        mask = 0
        for token in tokens(identity):
            mask |= self._token_mask(token)
        return mask.to_bytes(BYTES, "big")

    def encode_many(self, identities: Iterable[Identity]) -> npt.NDArray[np.uint8]:
        """Hardened encodings, one row of BYTES per identity."""
        filters = [self.bloom(identity) for identity in identities]
        packed = np.frombuffer(b"".join(filters), dtype=np.uint8).reshape(len(filters), BYTES)
        if self.flip_probability == 0.0 or not filters:
            return packed.copy()
        stream = b"".join(self._flip_stream(bloom) for bloom in filters)
        draws = np.frombuffer(stream, dtype=">u2").reshape(len(filters), BITS)
        flips = np.packbits(draws < round(self.flip_probability * 65536), axis=1)
        result: npt.NDArray[np.uint8] = packed ^ flips
        return result

    def _flip_stream(self, bloom: bytes) -> bytes:
        """Two pseudo-random bytes per bit, fixed by the secret and the filter."""
        mac = self._hmac.copy()
        mac.update(b"flip\x1f" + bloom)
        return hashlib.shake_256(mac.digest()).digest(2 * BITS)


def dice(a: npt.NDArray[np.uint8] | bytes, b: npt.NDArray[np.uint8] | bytes) -> float:
    """Dice similarity of two whole packed encodings; for tests and single checks."""
    x = np.unpackbits(np.frombuffer(bytes(a), dtype=np.uint8))
    y = np.unpackbits(np.frombuffer(bytes(b), dtype=np.uint8))
    total = int(x.sum()) + int(y.sum())
    return 0.0 if total == 0 else 2.0 * int((x & y).sum()) / total
