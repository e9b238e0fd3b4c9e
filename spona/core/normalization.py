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


# Spellings that people use for one another, folded before stemming: `d` typed for `đ` (folded to `dj`), and a
# `j` lost from `lj` and `nj` ("ludska", "niva"). Both sides of the search fold alike, so this costs little
# precision and finds "bijela lada" and "indija".
_LOST_J = re.compile(r"(?<=[dln])j")
# Stems of one word that Snowball leaves apart: the sibilarization of a final k, g, h (učenik / učenici,
# pedagog / pedagozi, orah / orasi), and the fleeting a (studenat / studenti).
_SIBILARIZED = {"c": "k", "z": "g", "s": "h"}
_FLEETING_A = re.compile(r"(?<=n)a(?=t$)")
# Adjectives derived from a noun find the noun and the other way round: omladinski / mladi, seoski / selo,
# sportski / sport, ženski / žena, kulturni / kultura, pčelarski / pčelar.
_ADJECTIVE_SUFFIXES = ("insk", "ansk", "sk", "ck")
_DERIVED_ROOTS = {"omlad": "mlad", "seo": "sel", "ekolo": "ekolog", "omladin": "mlad"}
# Words that differ between the standards: općina / opština, križ / krst.
_VARIANTS = {"opcin": "opstin", "krig": "krst", "kriz": "krst"}
# Function words do not have to match: "centar za mlade u mostaru" finds "Omladinski centar Mostar".
STOP_WORDS = frozenset(
    ["a", "i", "u", "o", "s", "sa", "za", "na", "od", "do", "iz", "po", "pri", "kod", "te", "ili", "the", "of", "and"]
)


def _stem_keys(word: str) -> tuple[str, str]:
    """A Snowball stem made alike across the sound changes of inflection, and the same before the final k, g
    or h is restored: "pomoc" (pomoć) is a stem as it stands, "udruz" is the start of "udruzenj"."""
    word = _LOST_J.sub("", word)
    # The Serbian stemmer turns "dj" back into "đ"; fold again so every index term is ASCII.
    raw = fold(_stemmer.stemWord(word)).replace("dj", "d")
    if len(raw) >= 5 and raw.endswith("i"):
        raw = raw[:-1]  # mladih -> "mladi", gluhih -> "gluhi"
    if len(raw) >= 6:
        raw = _FLEETING_A.sub("", raw)  # studenat -> "student", talenat -> "talent"
    key = raw[:-1] + _SIBILARIZED[raw[-1]] if len(raw) >= 4 and raw[-1] in _SIBILARIZED else raw
    return _VARIANTS.get(raw, raw), _VARIANTS.get(key, key)


def _derived_root(key: str) -> str:
    """The noun an adjective is derived from (its key), or the key itself."""
    for suffix in _ADJECTIVE_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            key = key[: -len(suffix)]
            break
    else:
        if len(key) >= 6 and key.endswith("rn"):
            key = key[:-1]  # kulturn -> "kultur"
        elif len(key) >= 7 and key.endswith("ij"):
            key = key[:-2]  # ekologij -> "ekolog", as in ekološki
    return _DERIVED_ROOTS.get(key, key)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The search key of a folded word as a query has it: the root it is derived from ("seoski" searches for "sel",
    which documents with "selo" and "seoski" both hold), and the final k, g or h restored once an ending is gone
    (a word typed in part, such as "udruz", stays a prefix of its longer forms)."""
    # Very short words stem to noise; keep them whole.
    if len(word) <= 3 or word.isdigit():
        return word
    raw, key = _stem_keys(word)
    unchanged = _stemmer.stemWord(_LOST_J.sub("", word)) == _LOST_J.sub("", word)
    return _derived_root(raw if unchanged else key)


def _common_start(one: str, other: str) -> str:
    length = 0
    while length < min(len(one), len(other)) and one[length] == other[length]:
        length += 1
    return one[:length]


def typed_prefix(word: str) -> str:
    """The key of a folded word still being typed (type-ahead): the start it shares with its stem, so that
    "penzio" (whose stem "penz" would become "peng") finds "penzioneri" and "ucenici" finds "učenika" as well."""
    if len(word) <= 3 or word.isdigit():
        return word
    raw, key = _stem_keys(word)
    start = _common_start(_LOST_J.sub("", word).replace("dj", "d"), raw)
    shared = _common_start(start, key)
    return shared if len(shared) >= 4 else start if len(start) >= 4 else raw


@lru_cache(maxsize=50_000)
def index_keys(word: str) -> tuple[str, ...]:
    """What a document holds for a word: every key a query for one of its forms may have."""
    if len(word) <= 3 or word.isdigit():
        return (word,)
    raw, key = _stem_keys(word)
    return tuple(dict.fromkeys([key, raw, _derived_root(key), _derived_root(raw)]))


def stems(text: str) -> list[str]:
    """Search keys of every word of a text, for indexing."""
    return [key for word in words(text) for key in index_keys(word)]


def query_words(query: str) -> list[tuple[str, str]]:
    """The words of a user's query that search for something, each with its search key, distinct by key and
    bounded in number and length (never raises)."""
    seen: dict[str, str] = {}
    typed = words(query[:1000])
    content = [word for word in typed if word not in STOP_WORDS] or typed
    for word in content:
        bounded = word[:MAX_TERM_LENGTH]
        seen.setdefault(stem(bounded), bounded)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return [(word, key) for key, word in seen.items()]


def query_terms(query: str) -> list[str]:
    """The distinct search keys of a user's query (see query_words)."""
    return [key for _word, key in query_words(query)]
