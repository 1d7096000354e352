"""Content fingerprints: the same text, whatever its spacing, case or accents."""

from __future__ import annotations

import hashlib

from retrieval.analysis import fold_accents, normalise


def comparable(text: str) -> str:
    """Text folded for comparison: case, accents and runs of white space do not count."""
    return " ".join(fold_accents(normalise(text)).casefold().split())


def paragraph_fingerprint(terms: list[str]) -> str:
    """Equal for the same paragraph reposted elsewhere: made from its analysed terms, so
    case, accents, punctuation and spacing do not count."""
    return hashlib.blake2b(" ".join(terms).encode(), digest_size=12).hexdigest()


def content_hash(data: bytes) -> str:
    """Identifies a file's or a record's exact bytes, to skip unchanged ones on re-ingest."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
