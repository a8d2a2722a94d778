"""Chinese-aware text analysis, the same for what is indexed and what is asked.

Traditional Chinese has no spaces between words, so the database backends would
see a whole title as one word (日語 would not find 夜間日語初級班). Text is folded
(full-width to half-width, case, simplified to Taiwan traditional with OpenCC,
variant characters such as 台/臺), then Chinese runs become overlapping character
bigrams (as Elasticsearch's cjk analyzer does) and other words are stemmed with
the Snowball English stemmer. The result is space-separated tokens that any
backend indexes and matches word by word.
"""

import re
import unicodedata
from functools import lru_cache

import opencc
import snowballstemmer

# Variants OpenCC leaves alone; folded to the form used in Taiwan's official texts.
VARIANTS = str.maketrans(
    {
        "台": "臺",
        "裏": "裡",
        "峯": "峰",
        "綫": "線",
        "衞": "衛",
        "麪": "麵",
        "爲": "為",
        "僞": "偽",
        "眞": "真",
        "敎": "教",
        "着": "著",
    }
)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
MAX_TEXT = 20_000


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("s2twp.json")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Full-width, case, simplified and variant characters folded to one form."""
    text = unicodedata.normalize("NFKC", text or "")[:MAX_TEXT].casefold()
    return _converter().convert(text).translate(VARIANTS)


def _cjk_tokens(run: str, *, unigrams: bool) -> list[str]:
    if len(run) == 1:
        return [run]
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*run, *bigrams] if unigrams else bigrams


def tokens(text: str, *, for_query: bool = False) -> list[str]:
    """The tokens of ``text``: CJK bigrams (plus single characters when indexing)
    and stemmed words."""
    result = []
    stemmer = _stemmer()
    for run in _TOKENS.findall(fold(text)):
        if _IS_CJK.match(run):
            result.extend(_cjk_tokens(run, unigrams=not for_query))
        else:
            result.append(stemmer.stemWord(run))
    return result


def analyse(text: str) -> str:
    """Text as the index should hold it."""
    return " ".join(tokens(text))


def analyse_query(text: str) -> str:
    """A query as the backends should match it (no single-character noise)."""
    return " ".join(dict.fromkeys(tokens(text, for_query=True)))


def analyse_query_characters(text: str) -> str:
    """Every character of a query's Chinese runs, for abbreviations (資安, 個資)
    whose bigrams appear nowhere: the fallback when the bigrams find nothing."""
    result = []
    stemmer = _stemmer()
    for run in _TOKENS.findall(fold(text)):
        result.extend(run if _IS_CJK.match(run) else [stemmer.stemWord(run)])
    return " ".join(dict.fromkeys(result))
