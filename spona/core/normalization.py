"""Text normalization for search and URLs: any script of Serbian to Latin, diacritics folded, words stemmed.

The same pipeline runs over documents and queries, so `удружење`, `udruzenje` and `udruženja`
all become the stem `udruzenj`. Latin-to-Cyrillic is ambiguous (nadživeti, injekcija), so we only
ever go to Latin.
"""

import re
import unicodedata
from functools import lru_cache

import cyrtranslit
import Stemmer
from django.utils.text import slugify

_FOLD = str.maketrans({"đ": "dj", "Đ": "dj", "č": "c", "ć": "c", "š": "s", "ž": "z", "ß": "ss", "æ": "ae", "ø": "o"})
_WORD = re.compile(r"[0-9a-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Longer than any real word: a query of 1,000 characters must not make work proportional to it.
MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40

_stemmer = Stemmer.Stemmer("serbian")
_stemmer.maxCacheSize = 100_000


def to_latin(text: str) -> str:
    """Serbian Cyrillic to Latin (Đ, Dž, Lj, Nj handled); Latin text passes through."""
    if _CYRILLIC.search(text):
        return cyrtranslit.to_latin(text, "sr")
    return text


def fold(text: str) -> str:
    """Lowercase Latin text without diacritics: `Đurđevdan Žena` -> `djurdjevdan zena`."""
    text = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def url_slug(text: str, *, max_length: int = 120, fallback: str = "item") -> str:
    """The words of a name or title for its URL: Latin script, no diacritics, hyphens between words, at most
    `max_length` characters and never ending in a hyphen that the cut left (`fallback` when nothing is left)."""
    return slugify(fold(to_latin(text or "")))[:max_length].strip("-") or fallback


def words(text: str) -> list[str]:
    """The folded Latin words of a text, in order."""
    return _WORD.findall(fold(to_latin(text or "")))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    # Very short words stem to noise; keep them whole.
    if len(word) <= 3 or word.isdigit():
        return word
    # The Serbian stemmer turns "dj" back into "đ"; fold again so every index term is ASCII.
    return fold(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    """Stems of every word of a text, for indexing."""
    return [stem(word) for word in words(text)]


def query_terms(query: str) -> list[str]:
    """The distinct stems of a user's query, bounded in number and length (never raises)."""
    seen: dict[str, None] = {}
    for word in words(query[:1000]):
        seen.setdefault(stem(word[:MAX_TERM_LENGTH]), None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)
