"""Pictures for the demo's picture news (图片新闻), drawn locally with Pillow
(nothing is downloaded): a landscape of sky, hills, a river and buildings in
colours and shapes drawn from the caller's random generator, so the same seed
always draws the same pictures."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

SIZE = (960, 540)
SKIES = [((92, 148, 214), (206, 228, 247)), ((236, 160, 112), (250, 222, 180))]
HILLS = [(74, 128, 82), (96, 150, 96), (58, 104, 70), (120, 160, 110)]
WALLS = [(224, 222, 214), (200, 196, 188), (236, 232, 220), (182, 176, 170)]


def _blend(top, bottom, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))


def draw_scene(rng):
    """A JPEG landscape (bytes), different for every draw of `rng`."""
    width, height = SIZE
    image = PILImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    top, bottom = rng.choice(SKIES)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for y in range(horizon):
        draw.line([(0, y), (width, y)], fill=_blend(top, bottom, y / horizon))
    # Hills, furthest first.
    for layer in range(3):
        base = horizon + layer * 30
        points = [(0, height)]
        for x in range(0, width + 120, 120):
            points.append((x, base - rng.randint(20, 110 - layer * 25)))
        points.append((width, height))
        draw.polygon(points, fill=rng.choice(HILLS))
    # A river across the foreground.
    river_top = int(height * 0.82)
    draw.polygon(
        [(0, river_top), (width, river_top - 30), (width, height), (0, height)],
        fill=(86, 140, 180),
    )
    # Buildings with rows of windows along the river bank.
    x = rng.randint(10, 60)
    while x < width - 60:
        building_width = rng.randint(50, 120)
        building_height = rng.randint(60, 200)
        ground = river_top - 8
        draw.rectangle(
            [x, ground - building_height, x + building_width, ground],
            fill=rng.choice(WALLS),
        )
        for wy in range(ground - building_height + 12, ground - 14, 22):
            for wx in range(x + 8, x + building_width - 12, 18):
                draw.rectangle([wx, wy, wx + 8, wy + 10], fill=(90, 110, 130))
        x += building_width + rng.randint(8, 60)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_image(rng, title, collection, name):
    """A Wagtail image titled `title` (its alternative text and caption) in
    `collection`, stored as `name`.jpg."""
    return Image.objects.create(
        title=title,
        file=ImageFile(BytesIO(draw_scene(rng)), name=f"{name}.jpg"),
        collection=collection,
    )
