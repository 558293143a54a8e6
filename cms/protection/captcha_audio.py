"""The audio version of a captcha challenge: its digits read aloud in Mandarin.

Each digit is a short espeak-ng recording committed in captcha_digits/
(11025 Hz mono, made once by scripts/captcha_digits.py); the runtime needs
nothing but Python's `wave`. A rendition varies the gaps, the loudness and the
speed of every digit and lays low noise under it, so a digit is never the same
bytes twice. The variation is drawn from a generator seeded by the token (keyed
with SECRET_KEY): the player's repeated requests for one challenge get the same
file, so replaying or seeking stays consistent."""

import functools
import io
import random
import wave
from array import array
from pathlib import Path

from django.utils.crypto import salted_hmac

RECORDINGS = Path(__file__).resolve().parent / "captcha_digits"
RATE = 11025
# Peak of the background noise: 34-37 dB under the digits' (recorded to peak
# at 90 % of full scale, played at 70-100 %): a hiss, no obstacle to a listener.
NOISE = 400


@functools.cache
def _recording(digit):
    with wave.open(str(RECORDINGS / f"{digit}.wav")) as recording:
        return array("h", recording.readframes(recording.getnframes()))


def _varied(samples, speed, gain):
    """`samples` played `speed` times as fast (linear interpolation), at `gain`."""
    last = len(samples) - 1
    varied = []
    for n in range(int(last / speed)):
        index, fraction = divmod(n * speed, 1)
        left = samples[int(index)]
        right = samples[int(index) + 1]
        varied.append(gain * (left + (right - left) * fraction))
    return varied


def render_wav(digits, token):
    """A WAV file reading `digits` aloud, the rendition for challenge `token`."""
    seed = salted_hmac("captcha-audio", token).digest()
    # Variation for the ear, not a secret: a seeded generator is the point.
    rng = random.Random(seed)  # noqa: S311

    def pause(shortest, longest):
        return [0.0] * int(RATE * rng.uniform(shortest, longest))

    signal = pause(0.4, 0.6)
    for position, digit in enumerate(digits):
        if position:
            signal += pause(0.35, 0.75)
        signal += _varied(
            _recording(digit), speed=rng.uniform(0.92, 1.08), gain=rng.uniform(0.7, 1)
        )
    signal += pause(0.4, 0.6)
    samples = array("h", (round(s + rng.uniform(-NOISE, NOISE)) for s in signal))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()
