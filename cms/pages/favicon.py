"""The favicon of a site, drawn locally from its main colour: a rounded
square in that colour with a five-pointed star in the gold of the Party and
government mark. No font is needed (none with Chinese glyphs is guaranteed on
a server), so the icon is the same on every machine."""

import math
from functools import lru_cache
from io import BytesIO

from PIL import Image, ImageDraw

STAR_COLOUR = "#ffde00"
# Drawn large and scaled down for each size the ICO file carries.
CANVAS = 256
ICON_SIZES = [(16, 16), (32, 32), (48, 48), (64, 64)]


def _star(centre, outer, inner):
    """The ten corners of a five-pointed star, the first point straight up."""
    cx, cy = centre
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


@lru_cache(maxsize=64)
def favicon_ico(main_colour):
    """The bytes of an ICO file (16 to 64 px) for a site of `main_colour`
    (#RRGGBB). Cached: a site's colour changes rarely."""
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, CANVAS - 1, CANVAS - 1), radius=CANVAS // 6, fill=main_colour
    )
    draw.polygon(
        _star((CANVAS / 2, CANVAS * 0.54), CANVAS * 0.42, CANVAS * 0.17),
        fill=STAR_COLOUR,
    )
    buffer = BytesIO()
    image.save(buffer, format="ICO", sizes=ICON_SIZES)
    return buffer.getvalue()
