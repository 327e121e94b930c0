"""Plain-text bytes -> text: UTF-8, else a legacy code page only when the result reads right.

Desks still receive Arabic copy saved by old Windows tools in windows-1256 (or ISO-8859-6).
Such bytes are not UTF-8; read in a wrong code page they become mojibake ("ÇáÓæÑí") that
would be imported, classified and published as if it were text. So a file that is not UTF-8
is decoded only with the Arabic code pages, and only when the result is mostly Arabic
letters; anything else is refused with the encoding that was the closest guess, so the
editor can convert it (``iconv -f ENCODING -t utf-8``). Other languages are never guessed:
charset-normalizer reads a French windows-1252 file as windows-1257 ("déją vu").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Arabic code pages tried for a file that is not UTF-8, in charset-normalizer's names.
ARABIC_CODE_PAGES = ("cp1256", "iso8859_6")
#: Share of letters that must be Arabic for a guessed decoding to be taken.
MIN_ARABIC_SHARE = 0.6
#: Fewer letters than this cannot show which code page is right.
MIN_LETTERS = 20
#: Readable names for messages.
_NAMES = {"cp1256": "windows-1256", "iso8859_6": "ISO-8859-6", "utf_16": "UTF-16"}


class EncodingRefused(ValueError):
    """The bytes are not UTF-8 and no safe decoding was found."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Decoded:
    text: str
    #: "utf-8", or the legacy encoding the text was read in.
    encoding: str


def encoding_name(codec: str) -> str:
    return _NAMES.get(codec, codec.replace("_", "-"))


def arabic_share(text: str) -> tuple[float, int]:
    """(share of the letters that are Arabic script, number of letters)."""
    letters = arabic = 0
    for char in text:
        if char.isalpha():
            letters += 1
            arabic += "ARABIC" in unicodedata.name(char, "")
    return (arabic / letters if letters else 0.0), letters


def decode_plain(data: bytes, lang: str = "ar") -> Decoded:
    """The text of ``data``; raises :class:`EncodingRefused` rather than guess wrong."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf_16")
        except UnicodeDecodeError:
            pass
    byte = f"byte 0x{data[first_bad]:02x}"
    from charset_normalizer import from_bytes

    if lang != "ar":
        guess = from_bytes(data).best()
        named = f"; it may be {encoding_name(guess.encoding)}" if guess is not None else ""
        raise EncodingRefused(f"file is not UTF-8 ({byte}{named})",
                              "convert it to UTF-8, e.g. iconv -f ENCODING -t utf-8")
    best = from_bytes(data, cp_isolation=list(ARABIC_CODE_PAGES)).best()
    if best is None:
        raise EncodingRefused(
            f"file is not UTF-8 ({byte}) nor Arabic windows-1256 or ISO-8859-6",
            "convert it to UTF-8, e.g. iconv -f ENCODING -t utf-8")
    text = str(best)
    name = encoding_name(best.encoding)
    share, letters = arabic_share(text)
    if letters < MIN_LETTERS or share < MIN_ARABIC_SHARE:
        raise EncodingRefused(
            f"file is not UTF-8 ({byte}); read as {name} it is not Arabic text "
            f"({share:.0%} of {letters} letters are Arabic)",
            f"if it is {name}, convert it with iconv -f {name} -t utf-8; "
            "else save it as UTF-8")
    return Decoded(text, best.encoding)


def likely_encoding(data: bytes, lang: str) -> str | None:
    """For a message: the Arabic code page ``data`` reads right in, however short (a content
    file is never converted, only named), or None."""
    if lang != "ar":
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(ARABIC_CODE_PAGES)).best()
    if best is None:
        return None
    # Only the letters outside ASCII: the front matter's keys are Latin, mojibake is not.
    share, letters = arabic_share("".join(c for c in str(best) if not c.isascii()))
    return encoding_name(best.encoding) if letters and share >= MIN_ARABIC_SHARE else None
