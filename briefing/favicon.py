"""The site's icon, drawn at build time: ``favicon.svg`` and ``favicon.ico`` at the root.

Browsers ask for ``/favicon.ico`` on every site whether a page names an icon or not; a 404
there is logged in the console (Lighthouse counts it). The pages name the SVG (sharp at any
size); the ICO (one 32 x 32 PNG inside, the same drawing) answers the implicit request and
older browsers. Both are made from the same few rectangles, in pure Python, so the bytes
are the same on every build.
"""

from __future__ import annotations

import struct
import zlib

SIZE = 32
#: The site's accent colour (site.css ``--accent``) and paper.
INK = (0x0B, 0x53, 0x94)
PAPER = (0xFF, 0xFF, 0xFF)
#: A folded briefing: the page, then a headline bar and three lines of text
#: (x, y, width, height on a 32 x 32 grid).
BARS = ((7, 8, 18, 4), (7, 15, 18, 2), (7, 19, 18, 2), (7, 23, 12, 2))
RADIUS = 6

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="{RADIUS}" fill="#{"".join(f"{c:02x}" for c in INK)}"/>'
    + "".join(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#fff"/>'
              for x, y, w, h in BARS)
    + "</svg>\n")


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    """RGBA of pixel (x, y): the rounded square in ink, the bars in paper, corners clear."""
    for cx, cy in ((RADIUS, RADIUS), (SIZE - RADIUS - 1, RADIUS), (RADIUS, SIZE - RADIUS - 1),
                   (SIZE - RADIUS - 1, SIZE - RADIUS - 1)):
        in_corner = (x < RADIUS if cx == RADIUS else x > cx) and \
            (y < RADIUS if cy == RADIUS else y > cy)
        if in_corner and (x - cx) ** 2 + (y - cy) ** 2 > RADIUS ** 2:
            return (0, 0, 0, 0)
    for bx, by, w, h in BARS:
        if bx <= x < bx + w and by <= y < by + h:
            return (*PAPER, 255)
    return (*INK, 255)


def png() -> bytes:
    """The icon as a 32 x 32 RGBA PNG."""
    rows = b"".join(b"\0" + bytes(v for x in range(SIZE) for v in _pixel(x, y))
                    for y in range(SIZE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def ico() -> bytes:
    """An ICO file holding the PNG (allowed since Windows Vista; every browser reads it)."""
    image = png()
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(image), 6 + 16)
    return directory + entry + image


def favicon_files() -> dict[str, bytes]:
    """Site-root path -> bytes."""
    return {"favicon.ico": ico(), "favicon.svg": SVG.encode("utf-8")}
