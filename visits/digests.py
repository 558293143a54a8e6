"""A day's visitors of one site packed into bytes for `VisitorDigests.packed`:
the signed 64-bit digests, then the 16-bit minutes last seen, in the same
order, little-endian. Packing and unpacking run in C (array), so a day of
100,000 visitors loads and stores in milliseconds."""

import sys
from array import array


def pack(seen):
    """Bytes for {digest: last minute}."""
    digests = array("q", seen.keys())
    minutes = array("H", seen.values())
    if sys.byteorder == "big":
        digests.byteswap()
        minutes.byteswap()
    return digests.tobytes() + minutes.tobytes()


def unpack(data):
    """{digest: last minute} from `pack`'s bytes."""
    data = bytes(data)  # PostgreSQL returns a memoryview
    count, remainder = divmod(len(data), 10)
    if remainder:
        raise ValueError(f"packed visitor digests of {len(data)} bytes")
    digests = array("q", data[: count * 8])
    minutes = array("H", data[count * 8 :])
    if sys.byteorder == "big":
        digests.byteswap()
        minutes.byteswap()
    return dict(zip(digests, minutes, strict=True))
