"""Words and lines of a PDF, with their positions, from poppler's ``pdftotext -bbox``."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
HEADER_BOTTOM = (
    40.0  # points from the top: the running header starts above this line, the body below
)
FOOTER_TOP = 740.0  # and the footer below this one, on a Letter page (792 points)


@dataclass(frozen=True)
class Word:
    text: str
    top: float
    bottom: float
    left: float


def page_words(pdf: Path) -> list[list[Word]]:
    """Each page's words in reading order (pdftotext's), entities decoded."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for body in _PAGE.findall(xml):
        words = [
            Word(_unescape(t), float(y0), float(y1), float(x0))
            for x0, y0, _x1, y1, t in _WORD.findall(body)
        ]
        pages.append(words)
    return pages


def _unescape(text: str) -> str:
    return html.unescape(text)


def body_lines(words: list[Word]) -> list[str]:
    """The page's text lines between the running header and the footer, top to bottom."""
    rows: dict[int, list[Word]] = {}
    for word in words:
        if word.top > HEADER_BOTTOM and word.bottom < FOOTER_TOP:
            rows.setdefault(round(word.top), []).append(word)
    return [
        " ".join(w.text for w in sorted(rows[top], key=lambda w: w.left)) for top in sorted(rows)
    ]


def fonts(pdf: Path) -> list[str]:
    """The font names ``pdffonts`` lists, without the subset prefix (``ABCDEF+``)."""
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split()[0].split("+")[-1] for line in listing if line.strip()]
