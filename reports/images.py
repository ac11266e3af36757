"""Element pictures without an image library: read a screenshot's size, work out crop rectangles.

The report shows each element as a crop of its page's one full-page screenshot: a box
whose background is that JPEG, scaled and positioned by CSS, so the report folder gains
no image files per finding. (SVG viewBox crops were tried first: axe-core then took the
unclipped <image> for something overlapping the text around it.)
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from auditor.confine import read_regular

# Crops show a little of the page around the element, so an editor can find it.
PAD = 24
MIN_W, MIN_H = 360, 120
MAX_H = 420  # a taller element shows its top part

HEAD_BYTES = 1 << 20  # a JPEG's size sits in its first frame header, after any metadata
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a JPEG or PNG file, or None when it is missing or not one of those."""
    data = read_regular(path, HEAD_BYTES)  # a FIFO or device planted as a screenshot is no image
    if data is None:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        fh = io.BytesIO(data)
        fh.seek(2)
        return _jpeg_size(fh)
    return None


def _jpeg_size(fh) -> tuple[int, int] | None:
    while True:
        byte = fh.read(1)
        while byte and byte != b"\xff":  # skip to the next marker
            byte = fh.read(1)
        while byte == b"\xff":
            byte = fh.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:  # markers without a length
            continue
        length = int.from_bytes(fh.read(2), "big")
        if length < 2:
            return None
        if marker in _SOF:
            data = fh.read(5)
            if len(data) < 5:
                return None
            height, width = int.from_bytes(data[1:3], "big"), int.from_bytes(data[3:5], "big")
            return (width, height) if width and height else None
        fh.seek(length - 2, 1)


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


def visible_box(box, size: tuple[int, int]) -> Rect | None:
    """The element's box clipped to the screenshot, or None when nothing of it is in the picture."""
    try:
        x, y, w, h = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    width, height = size
    x0, y0, x1, y1 = max(0.0, x), max(0.0, y), min(float(width), x + w), min(float(height), y + h)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return Rect(round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0)))


def crop_around(box: Rect, size: tuple[int, int]) -> Rect:
    """A crop of the screenshot that holds the element with some context, inside the picture."""
    width, height = size
    cw = min(width, max(box.w + 2 * PAD, MIN_W))
    ch = min(height, MAX_H, max(box.h + 2 * PAD, MIN_H))
    cx = box.x + box.w / 2 - cw / 2
    cy = box.y - PAD if box.h + 2 * PAD > ch else box.y + box.h / 2 - ch / 2
    cx = min(max(0.0, cx), width - cw)
    cy = min(max(0.0, cy), height - ch)
    return Rect(round(cx), round(cy), cw, ch)
