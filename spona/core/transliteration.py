"""Serbian Latin to Cyrillic for text: the message catalogs and any content stored in both scripts.

Placeholders, markup, URLs, e-mail addresses and the words in LATIN_WORDS stay as they are; corrections to
the Cyrillic belong in WORD_EXCEPTIONS or LATIN_WORDS.
"""

import re

import cyrtranslit

# Latin-to-Cyrillic is ambiguous where "dž", "lj" or "nj" are two letters, not one: nad-živeti,
# in-jekcija. Words starting with one of these stems take the Cyrillic spelling given here; the rest
# of the word is transliterated as usual. A stem may be a whole word, for any other correction.
WORD_EXCEPTIONS = {
    "injekc": "инјекц",  # injekcija
    "injekt": "инјект",  # injektirati
    "konjug": "конјуг",  # konjugacija
    "konjunk": "конјунк",  # konjunkcija, konjunktura
    "nadživ": "наджив",  # nadživeti
    "nadždrel": "наждрел",  # nadždrelni
    "panjelin": "панјелин",  # panjelinski
    "podžanr": "поджанр",  # podžanr
    "podžup": "поджуп",  # podžupan
    "tanjug": "танјуг",  # Tanjug
    "vanjezi": "ванјези",  # vanjezički
    "vanjugoslov": "ванјугослов",  # vanjugoslovenski
}

# Words that stay in Latin script: file formats and technical names, and the column names of the
# directory's CSV files, which error messages quote. Words with q, w, x or y (not letters of the
# Serbian alphabet, so foreign names) stay in Latin without being listed.
LATIN_WORDS = {
    "api",
    "csv",
    "gif",
    "html",
    "icalendar",
    "id",
    "iso",
    "jpeg",
    "json",
    "pdf",
    "png",
    "url",
    "utf",
    # CSV columns
    "goals",
    "kind",
    "municipality",
    "name",
    "sectors",
    # The brand is written in Latin script in every language (header, footer, e-mail subjects).
    "spona",
}
FOREIGN_LETTERS = set("qwxy")

# Text that is not language and must reach the Cyrillic catalog unchanged.
PROTECTED = re.compile(
    r"""
    %\([^)]*\)[-\#0+]*\d*(?:\.\d+)?[a-zA-Z]  # %(name)s
    | %[-\#0+]*\d*(?:\.\d+)?[sdifr%]         # %s, %d, %%
    | \{\{.*?\}\} | \{%.*?%\}                # template syntax
    | \{[\w.]*\}                             # str.format fields
    | <[^>]*>                                # HTML tags
    | &\#?\w+;                               # HTML entities
    | (?:https?://|www\.)\S+                 # URLs
    | [\w.+-]+@[\w-]+\.[\w.-]+               # e-mail addresses
    | \w*_\w*                                # identifiers such as legal_form
    """,
    re.VERBOSE,
)
WORD = re.compile(r"[^\W\d_]+")


def transliterate_word(word: str) -> str:
    lower = word.lower()
    if lower in LATIN_WORDS or FOREIGN_LETTERS & set(lower):
        return word
    stem = next((latin for latin in WORD_EXCEPTIONS if lower.startswith(latin)), "")
    cyrillic = WORD_EXCEPTIONS.get(stem, "") + cyrtranslit.to_cyrillic(lower[len(stem) :], "sr")
    # cyrtranslit reads "NJ" and "LJ" as two letters, so transliterate in lower case and restore the case.
    if len(word) > 1 and word.isupper():
        return cyrillic.upper()
    if word[0].isupper():
        return cyrillic[0].upper() + cyrillic[1:]
    return cyrillic


def transliterate_words(text: str) -> str:
    return WORD.sub(lambda match: transliterate_word(match.group()), text)


def transliterate(text: str) -> str:
    """Serbian Latin to Cyrillic, leaving placeholders, markup, URLs and LATIN_WORDS as they are."""
    parts = []
    position = 0
    for match in PROTECTED.finditer(text):
        parts += [transliterate_words(text[position : match.start()]), match.group()]
        position = match.end()
    parts.append(transliterate_words(text[position:]))
    return "".join(parts)
