"""Content fingerprints: the same text, whatever its spacing, case or accents."""

from __future__ import annotations

import hashlib
import re

from retrieval.analysis import fold_accents, normalise

_NON_WORD = re.compile(r"[\W_]+")


def comparable(text: str) -> str:
    """Text folded for comparison: case, accents and runs of white space do not count."""
    return " ".join(fold_accents(normalise(text)).casefold().split())


def paragraph_fingerprint(text: str) -> str:
    """Equal for the same paragraph reposted elsewhere (punctuation and spacing aside)."""
    key = _NON_WORD.sub(" ", comparable(text)).strip()
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def content_hash(data: bytes) -> str:
    """Identifies a file's or a record's exact bytes, to skip unchanged ones on re-ingest."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
