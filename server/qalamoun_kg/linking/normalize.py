"""Name keys that survive case, diacritics, transliteration variants and Arabic spelling variants.

Each name gets keys of growing looseness: `folded` (ASCII, lower case, no punctuation or
articles), `phonetic` (vowel and consonant spellings of Arabic names unified; also with its words
sorted, and with its words run together) and `skeleton` (consonants only, words run together).
Arabic-script names are folded in Arabic script, never transliterated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

# Transliterated Arabic articles (al-, el-, sun-letter forms) and English function words: they
# carry no identity and are written or left out at will ("Nusra Front", "al-Nusra Front").
ARTICLES = frozenset(
    {"al", "el", "il", "ul", "l", "an", "ad", "ar", "as", "ash", "at", "ath", "adh", "az"}
    | {"ed", "en", "er", "es", "et", "ez", "ud", "ur", "us", "ut", "uz"}
)
FUNCTION_WORDS = frozenset(("the", "of", "a", "and", "in", "on", "at", "for"))
DROPPED = ARTICLES | FUNCTION_WORDS

_APOSTROPHES = re.compile(r"['`´‘’ʻʼʽʾʿˈ\"]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_NON_WORD = re.compile(r"[^\u0621-\u064a0-9]+")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_ARABIC_LETTERS.update(str.maketrans({"ؤ": "و", "ئ": "ي"}))

# Spellings of the same Arabic sound in English and French transliterations, applied in order.
_SPELLINGS = (
    ("dj", "j"),
    ("ch", "sh"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ie", "i"),
    ("q", "k"),
    ("c", "k"),
    ("e", "i"),
    ("o", "u"),
)
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_G_NOT_GH = re.compile(r"g(?!h)")
_VOWELS = re.compile(r"[aeiouy]")
_ATTACHED_ARTICLE = re.compile(r"^(?:al|el)(?=[bcdfghjklmnpqrstvwxz])")
_FINAL_S = re.compile(r"s$")
_ARABIC_FINAL_ALEF = re.compile(r"[اى]$")


@dataclass(frozen=True)
class NameKeys:
    """The keys of one name, from strict to loose; `tokens` are the folded words."""

    folded: str
    phonetic: str
    phonetic_sorted: str
    compact: str
    skeleton: str
    tokens: tuple[str, ...]
    phonetic_tokens: tuple[str, ...]
    arabic: bool


def is_arabic(text: str) -> bool:
    """Whether the text is written in Arabic script."""
    return _ARABIC_LETTER.search(text) is not None


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a Latin-script name: diacritics, apostrophes and hyphens gone."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", ascii_text)).split()


def arabic_words(text: str) -> list[str]:
    """Words of an Arabic-script name without vowel marks, tatweel, alef/ya/ta-marbuta variants."""
    plain = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text)).translate(_ARABIC_LETTERS)
    return _ARABIC_NON_WORD.sub(" ", plain).split()


def significant(tokens: list[str]) -> list[str]:
    """Drop articles and function words, unless nothing would be left."""
    kept = [token for token in tokens if token not in DROPPED]
    return kept or tokens


def phonetic_word(word: str) -> str:
    """One transliterated word with spelling variants unified (Hezbollah, Hizbullah → hizbula).

    A long word loses an attached article (Aljazeera) and a final s (forces, Rankous).
    """
    key = _ATTACHED_ARTICLE.sub("", word) if len(word) >= 6 else word
    key = _FINAL_S.sub("", key) if len(key) >= 5 else key
    key = _FINAL_H.sub("", _DOUBLED.sub(r"\1", key))
    for old, new in _SPELLINGS:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", _G_NOT_GH.sub("j", key))


def skeleton_word(word: str) -> str:
    """The consonants of a word (a leading vowel is dropped too): Arsal, Ersal, 'Irsal → rsl."""
    return _VOWELS.sub("", _FINAL_H.sub("", _DOUBLED.sub(r"\1", word)))


def arabic_word(word: str) -> str:
    """An Arabic word without article, a final alef as ta marbuta: الطفيل → طفيل, سوريا → سوريه."""
    bare = word[2:] if word.startswith("ال") and len(word) > 3 else word
    return _ARABIC_FINAL_ALEF.sub("ه", bare) if len(bare) > 2 else bare


def name_keys(text: str) -> NameKeys:
    """All keys of a name, in Arabic script for Arabic names and in ASCII for the rest."""
    if is_arabic(text):
        return _arabic_keys(text)
    tokens = tuple(significant(words(text)))
    phonetic = tuple(phonetic_word(token) for token in tokens)
    return NameKeys(
        folded=" ".join(tokens),
        phonetic=" ".join(phonetic),
        phonetic_sorted=" ".join(sorted(phonetic)),
        compact="".join(phonetic),
        skeleton="".join(skeleton_word(token) for token in tokens),
        tokens=tokens,
        phonetic_tokens=phonetic,
        arabic=False,
    )


def _arabic_keys(text: str) -> NameKeys:
    """Keys of an Arabic-script name: articles are dropped only at the phonetic level."""
    tokens = tuple(arabic_words(text))
    bare = tuple(arabic_word(token) for token in tokens)
    return NameKeys(
        folded=" ".join(tokens),
        phonetic=" ".join(bare),
        phonetic_sorted=" ".join(sorted(bare)),
        compact="".join(bare),
        skeleton="".join(bare),
        tokens=tokens,
        phonetic_tokens=bare,
        arabic=True,
    )


def acronym(text: str) -> str | None:
    """The initials of a name of two or more significant words (Free Syrian Army → fsa)."""
    tokens = significant(words(text))
    if len(tokens) < 2 or is_arabic(text):
        return None
    return "".join(token[0] for token in tokens)


def looks_like_acronym(text: str) -> bool:
    """Whether a query is written as an acronym: 2–6 capitals, dots allowed (I.S.I.L.)."""
    letters = text.replace(".", "").strip()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
