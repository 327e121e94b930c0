"""Web fonts for the site: WOFF2 subsets of the packaged fonts, one per face and script.

The site's pages draw a few hundred characters; the packaged TTFs hold thousands of glyphs
(710-1,000 KB for a page). Each face (:func:`briefing.fonts.font_faces`) is cut into at most
two WOFF2 files, an Arabic part and a Latin part (everything that is not Arabic), each
holding only the characters the site's pages use (plus a small base set, below) and
declared with a ``unicode-range`` listing exactly those characters. A browser downloads a
part only when the page draws one of its characters with that face, so an English page
never fetches Arabic glyphs it does not show, and the reverse.

For the Arabic family the part named "arabic" also takes the script-neutral characters
(spaces, punctuation, ASCII digits) so that an Arabic page needs its Latin part only when it
shows Latin letters; the other families keep those characters in their Latin part.

Subsetting is deterministic (no timestamps, fixed options) and kept in the build cache,
keyed on the font's bytes, the part's characters, this module and fontTools' and brotli's
versions: a build whose pages use the same characters does no font work and writes the
same bytes. The PDFs do not use this: they embed the TTFs (see ``fonts.py``).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .fonts import FAMILIES, FontFace
from .hashing import file_sha256
from .store import EntryStore

SCRIPTS = ("arabic", "latin")
#: The family whose "arabic" part also takes the script-neutral characters.
ARABIC_FAMILY = "Briefing Arabic"

#: Unicode blocks of the Arabic script (Arabic, Supplement, Extended-A/B, Presentation
#: Forms-A/B). Joiners and direction marks (U+200C-200F) are script-neutral (below).
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                 (0xFE70, 0xFEFF))

#: Always kept, whatever the pages hold: printable ASCII, no-break space, and the basic
#: Arabic alphabet, digits and punctuation. They cover what a reader types into the search
#: box and the search UI's own strings (Pagefind's Arabic and English), and keep the
#: subsets from changing with every new day.
BASE_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + ["\u00a0"]
    + [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0640, 0x0653)]
    + [chr(c) for c in range(0x0660, 0x066E)] + ["\u060c", "\u061b", "\u061f"])

_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def is_arabic(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in ARABIC_RANGES)


def is_neutral(code: int) -> bool:
    """Spaces, punctuation and digits shared by both scripts (Latin-1 and General
    Punctuation non-letters)."""
    return (code < 0x00C0 and not chr(code).isalpha()) or 0x2000 <= code <= 0x206F


_BEYOND_BASE = re.compile(
    "[^" + re.escape("".join(sorted(BASE_CHARS | {"\t", "\n", "\r"}))) + "]+")


def page_chars(page: bytes) -> str:
    """The characters of one page outside the base set, sorted, as one string (entities
    decoded; markup is ASCII, so it adds nothing)."""
    text = page.decode("utf-8")
    found = set()
    for run in _BEYOND_BASE.findall(text):
        found.update(run)
    if "&" in text:  # entities the markup carries (&#39;, &nbsp;, ...): what they show
        for entity in set(_ENTITY.findall(text)):
            found.update(c for c in html.unescape(entity) if c not in BASE_CHARS)
    return "".join(sorted(found))


class SiteChars:
    """The characters a site's pages show, collected page by page.

    Scanning costs about 40 ms per MB of HTML, so what each page adds to the base set is
    remembered by the page's digest (``memo``, kept in the build cache between builds):
    a build scans only the pages that changed. ``memo`` afterwards holds exactly the pages
    seen, so it never grows beyond the site.
    """

    def __init__(self, memo: dict[str, str] | None = None) -> None:
        self.found: set[str] = set()
        self._known = memo or {}
        self.memo: dict[str, str] = {}

    def add(self, page: bytes) -> None:
        key = hashlib.blake2b(page, digest_size=16).hexdigest()
        extra = self._known.get(key)
        if extra is None:
            extra = page_chars(page)
        self.memo[key] = extra
        self.found.update(extra)

    @property
    def changed(self) -> bool:
        """True when the memo differs from the one given (to be stored again)."""
        return self.memo != self._known

    def chars(self) -> frozenset[str]:
        """Everything the pages may draw: the base set and what was found."""
        return frozenset(BASE_CHARS | self.found)


@dataclass(frozen=True)
class WebFont:
    """One WOFF2 file of the site: the characters of one script drawn by one face."""

    face: FontFace
    script: str
    #: Code points it holds, ascending.
    codes: tuple[int, ...]

    @property
    def file_name(self) -> str:
        return file_name(self.face.family, self.face.weight, self.face.style, self.script)

    @property
    def unicode_range(self) -> str:
        return unicode_range(self.codes)


def file_name(family: str, weight: int, style: str, script: str) -> str:
    """Stable name (no content hash) so that pages preloading it do not change when the
    characters do: ``almarai-400-arabic.woff2``, ``ibm-plex-serif-400-italic-latin.woff2``."""
    slug = FAMILIES[family][0]
    suffix = "" if style == "normal" else f"-{style}"
    return f"{slug}-{weight}{suffix}-{script}.woff2"


def webfont_path(family: str, weight: int = 400, style: str = "normal",
                 script: str = "latin") -> str:
    """Site-root path of a web font file, for templates (``<link rel=preload>``).

    Every face has both parts on any site, because the base set holds Arabic letters and
    ASCII, except a family that draws no Arabic (IBM Plex Serif), which has no "arabic"
    part.
    """
    import jinja2

    _slug, weights, styles, _ = FAMILIES.get(family, ("", (), (), False))
    if weight not in weights or style not in styles or script not in SCRIPTS:
        raise jinja2.UndefinedError(
            f"no web font {family!r} {weight} {style} {script} (families: "
            + "; ".join(f"{name} {'/'.join(map(str, w))} {'/'.join(s)}"
                        for name, (_, w, s, _) in FAMILIES.items())
            + f"; scripts: {', '.join(SCRIPTS)})")
    return f"assets/fonts/{file_name(family, weight, style, script)}"


def unicode_range(codes: Sequence[int]) -> str:
    """``U+20-7E, U+A0, U+621-63A``: consecutive code points joined into ranges."""
    parts: list[str] = []
    start = prev = None
    for code in codes:
        if prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None:
            parts.append(_span(start, prev))
        start = prev = code
    if start is not None:
        parts.append(_span(start, prev))
    return ", ".join(parts)


def _span(start: int, end: int | None) -> str:
    return f"U+{start:X}" if end in (None, start) else f"U+{start:X}-{end:X}"


@lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    return file_sha256(path)


def font_digest(path: Path) -> str:
    """SHA-256 of a font file (once per file state and process)."""
    stat = path.stat()
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _coverage(path: Path, digest: str, cache_dir: Path | None) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    entries = EntryStore(cache_dir) if cache_dir is not None else None
    stored = entries.load_bytes("cmap", digest) if entries is not None else None
    if stored is not None:
        try:
            return frozenset(int(code) for code in json.loads(stored))
        except (ValueError, TypeError):
            pass  # not ours after all: read the font
    with TTFont(path, lazy=True) as font:
        codes = frozenset(font.getBestCmap())
    if entries is not None:
        entries.store_bytes("cmap", digest, json.dumps(sorted(codes)).encode("ascii"))
    return codes


def coverage(path: Path, cache_dir: Path | None = None) -> frozenset[int]:
    """The code points a font maps. Parsing a cmap in Python takes 10-40 ms a font, so the
    answer is kept in the cache, keyed on the font's bytes."""
    return _coverage(path, font_digest(path), cache_dir)


def plan(faces: Iterable[FontFace], chars: Iterable[str],
         cache_dir: Path | None = None) -> list[WebFont]:
    """The web fonts for ``chars``: for every face, its Arabic and Latin parts (a part the
    face draws nothing of is left out)."""
    codes = sorted({ord(c) for c in chars})
    fonts = []
    for face in faces:
        covered = coverage(face.path, cache_dir)
        mine = [c for c in codes if c in covered]
        for script in SCRIPTS:
            part = tuple(c for c in mine if _script_of(face, c) == script)
            if part:
                fonts.append(WebFont(face, script, part))
    return fonts


def _script_of(face: FontFace, code: int) -> str:
    if is_arabic(code):
        return "arabic"
    if face.family == ARABIC_FAMILY and is_neutral(code):
        return "arabic"
    return "latin"


@lru_cache(maxsize=1)
def _code_version() -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("fonttools", "brotli"):
        h.update(f"\0{name} {version(name)}".encode())
    return h.hexdigest()


def cache_key(font: WebFont) -> str:
    h = hashlib.sha256(
        f"{font_digest(font.face.path)}\0{font.script}\0{_code_version()}\0".encode())
    h.update(",".join(map(str, font.codes)).encode())
    return h.hexdigest()


def subset(path: Path, codes: Sequence[int]) -> bytes:
    """WOFF2 bytes of ``path`` cut to ``codes``: every OpenType layout feature kept (Arabic
    shaping, marks, kerning), hinting dropped (browsers on phones ignore it), no timestamp
    change, so the same input gives the same bytes."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version, PostScript name
    options.flavor = "woff2"
    options.drop_tables = [*options.drop_tables, "meta"]
    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=True)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=list(codes))
    _quietly(subsetter.subset, font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=True)
    return out.getvalue()


def _quietly(call: object, *args: object) -> None:
    """fontTools logs a warning per dropped table and per OS/2 version quirk of these
    fonts: noise for the build's output."""
    import logging

    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        call(*args)  # type: ignore[operator]
    finally:
        logger.setLevel(level)


def _subset_job(job: tuple[Path, tuple[int, ...]]) -> bytes:
    return subset(*job)


@dataclass(frozen=True)
class WebFontResult:
    """The files (name -> WOFF2 bytes) and how many came from the cache."""

    files: dict[str, bytes]
    cached: int
    made: int


def build_webfonts(fonts: Sequence[WebFont], cache_dir: Path | None,
                   workers: int = 1) -> WebFontResult:
    """Every file of ``fonts``: from the cache when its key is there, else subset (in
    ``workers`` processes when several are missing) and stored."""
    files: dict[str, bytes] = {}
    missing: list[tuple[WebFont, str]] = []
    # Cached subsets are checked entries (briefing/store.py): a damaged file is made again.
    entries = EntryStore(cache_dir) if cache_dir is not None else None
    for font in fonts:
        key = cache_key(font)
        data = entries.load_bytes("woff2", key) if entries is not None else None
        if data and data[:4] == b"wOF2":
            files[font.file_name] = data
        else:
            missing.append((font, key))
    jobs = [(font.face.path, font.codes) for font, _ in missing]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            made = list(pool.map(_subset_job, jobs))
    else:
        made = [_subset_job(job) for job in jobs]
    for (font, key), data in zip(missing, made, strict=True):
        files[font.file_name] = data
        if entries is not None:
            entries.store_bytes("woff2", key, data)
    return WebFontResult({name: files[name] for name in sorted(files)},
                         len(fonts) - len(missing), len(missing))


#: The memo's key among the checked entries.
MEMO = "pages-memo"


def load_memo(cache_dir: Path | None) -> dict[str, str]:
    """What each page seen by the last build adds to the base set (page digest -> chars)."""
    if cache_dir is None:
        return {}
    stored = EntryStore(cache_dir).load_bytes("memo", MEMO)
    try:
        memo = json.loads(stored) if stored is not None else {}
    except ValueError:
        return {}
    if (not isinstance(memo, dict) or memo.get("version") != _code_version()
            or not isinstance(memo.get("pages"), dict)):
        return {}
    return {k: v for k, v in memo["pages"].items() if isinstance(v, str)}


def store_memo(cache_dir: Path, memo: dict[str, str]) -> None:
    data = {"version": _code_version(), "pages": dict(sorted(memo.items()))}
    EntryStore(cache_dir).store_bytes("memo", MEMO, json.dumps(data, ensure_ascii=False)
                                      .encode("utf-8"))


def font_css(fonts: Sequence[WebFont], prefix: str = "fonts/") -> str:
    """``@font-face`` rules, one per file, with its ``unicode-range`` and
    ``font-display: swap`` (text shows at once in a fallback font, then in ours)."""
    rules = []
    for font in fonts:
        face = font.face
        rules.append(
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{prefix}{font.file_name}") format("woff2");'
            f" font-weight: {face.weight};"
            f" font-style: {face.style};"
            " font-display: swap;"
            f" unicode-range: {font.unicode_range}; }}")
    return "\n".join(rules) + "\n"
