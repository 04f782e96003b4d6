"""Search text: one Arabic/English normaliser, used when indexing and when querying.

Both backends index the same normalised text (`CatalogueEntry.search_text`, built by
`document.py`) and are queried with the same normalised words, each a token prefix, all
required; `sqlite.py` and `postgresql.py` say how each backend asks. Because the text is
reduced to lower-case letters and digits separated by single spaces before either backend
sees it, both split it into the same tokens, and neither stems (an Arabic stemmer over-stems
names). Pure: plain values in, plain values out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FOLD = str.maketrans(
    {
        "ٱ": "ا",  # alef wasla (no Unicode decomposition)
        "ى": "ي",  # alef maqsura
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ة": "ه",  # taa marbuta
        "ۀ": "ه",
        "ـ": "",  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Eastern Arabic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)
_SEPARATORS = re.compile(r"[\W_]+")
# The query language of both backends is kept out: words are letters and digits only.
MAX_QUERY_WORDS = 8
# The article as written at the start of a word: after a one-letter particle, or alone.
_ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")


def normalise(text: str) -> str:
    """Lower-case letters and digits separated by single spaces, Arabic spelling forgiven.

    Decomposition first (أ إ آ ؤ ئ become their base letter plus a combining hamza or madda,
    presentation forms become plain letters), then every combining mark goes (harakat, shadda,
    superscript alef, the hamza just split off), then the letters with no decomposition are
    folded (ٱ ى ة, tatweel, Eastern Arabic and Persian digits), then Latin case.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    folded = bare.translate(_FOLD).casefold()
    return " ".join(_SEPARATORS.sub(" ", folded).split())


def query_words(query: str) -> list[str]:
    """The distinct normalised words of a query, in order, at most MAX_QUERY_WORDS."""
    words = list(dict.fromkeys(normalise(query).split()))
    return words[:MAX_QUERY_WORDS]


def article_forms(word: str) -> list[str]:
    """The forms of a normalised word without the particle and article written joined to it.

    `الاقصي` → `اقصي`; `والحصون` → `الحصون`, `حصون`; `للبريد` → `البريد`, `بريد`. The
    article (ال) alone, or after one of the one-letter particles written as part of the
    word: و and, ف so, ب with, ك like, and ل for (which merges with the article as لل).
    Only what is left with at least three letters counts. That is the article with its
    particle, not a stemmer: no other prefix or suffix is touched.
    """
    for joined in _ARTICLES:
        rest = word[len(joined) :]
        if word.startswith(joined) and len(rest) >= 3:
            return [rest] if joined == "ال" else ["ال" + rest, rest]
    return []


def document(parts: Iterable[str | None]) -> str:
    """The indexed text of an entry: every searchable field, normalised, in one string.

    A word with the definite article is indexed again without it, and without a particle
    joined to it (`article_forms`): `اقصى` finds `الأقصى`, and `القلاع الحصون` finds
    `القلاع والحصون`.
    """
    words = normalise(" ".join(p for p in parts if p)).split()
    written = set(words)
    extra = [form for w in words for form in article_forms(w) if form not in written]
    return " ".join(words + list(dict.fromkeys(extra)))
