"""Which publication a page belongs to, by its header, its address or its language."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from retrieval.analysis import fold_accents

# Names as headers write them -> the name shown to readers.
_CANONICAL = {
    "nato update": "NATO Update",
    "otan hebdo": "OTAN Hebdo",
    "nato press release": "NATO Press Release",
    "nato press releases": "NATO Press Release",
    "press release": "NATO Press Release",
    "otan communiques de presse": "Communiqué de presse de l'OTAN",
    "communique de presse": "Communiqué de presse de l'OTAN",
    "communiques de presse": "Communiqué de presse de l'OTAN",
}
_BY_PATH = [
    ("/docu/update/", {"en": "NATO Update", "fr": "OTAN Hebdo"}),
    ("/docu/pr/", {"en": "NATO Press Release", "fr": "Communiqué de presse de l'OTAN"}),
    ("/cps/", {"en": "NATO News", "fr": "Actualités de l'OTAN"}),
]
# The archive this project serves first is NATO's weekly bulletin.
DEFAULT = {"en": "NATO Update", "fr": "OTAN Hebdo"}


def _key(text: str) -> str:
    return re.sub(r"[^a-z ]+", " ", fold_accents(text).casefold()).strip()


def publication_named(text: str) -> str | None:
    """The publication a header fragment names ("| OTAN Hebdo |"), or None."""
    key = " ".join(_key(text).split())
    for name, canonical in _CANONICAL.items():
        if key == name or (key.endswith(" " + name) and len(key) <= len(name) + 6):
            return canonical
    return None


def publication_for(named: str | None, address: str | None, language: str) -> str:
    """The publication of a page: what its header names, else what its address says,
    else the archive's own bulletin in the page's language."""
    if named:
        return named
    if address:
        for fragment, names in _BY_PATH:
            if fragment in address:
                return names.get(language, names["en"])
    return DEFAULT.get(language, DEFAULT["en"])


def is_address(text: str) -> bool:
    """Whether `text` is a web address."""
    parsed = urlparse(text.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in text.strip()
