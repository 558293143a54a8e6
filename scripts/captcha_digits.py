"""Regenerate the captcha's spoken digits, cms/protection/captcha_digits/<d>.wav.

A development step only (the runtime reads the committed files with Python's
`wave` module and needs no extra package). Needs Debian's espeak-ng
(`apt-get install -y espeak-ng`); run `python scripts/captcha_digits.py`.

The voice is espeak-ng's Mandarin `cmn-latn-pinyin`: it reads the pinyin below
as Mandarin, where the plain `cmn` voice of espeak-ng 1.51 reads most digits'
pinyin as English ("ling two"). 1 is read 幺 (yāo), as in phone numbers and
codes, so that it cannot be heard as 七 (qī). espeak-ng writes 22050 Hz; the
files are low-passed and halved to 11025 Hz mono 16-bit, trimmed and
normalised, a few KB each."""

import math
import subprocess
import tempfile
import wave
from array import array
from pathlib import Path

PINYIN = ["ling2", "yao1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"]
VOICE, WORDS_PER_MINUTE = "cmn-latn-pinyin", 130
TARGET = Path(__file__).resolve().parent.parent / "cms/protection/captcha_digits"
PEAK = 0.9 * 32767
TAPS = 63


def synthesise(pinyin):
    """espeak-ng's 22050 Hz mono 16-bit samples of `pinyin`."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as output:
        command = ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE)]
        # Fixed arguments, no shell; espeak-ng is found on PATH like any tool.
        subprocess.run([*command, "-w", output.name, pinyin], check=True)  # noqa: S603
        with wave.open(output.name) as recording:
            if recording.getframerate() != 22050:
                raise SystemExit(f"espeak-ng wrote {recording.getframerate()} Hz")
            return array("h", recording.readframes(recording.getnframes()))


def halve_rate(samples):
    """Every second sample after a windowed-sinc low-pass at 5 kHz."""
    cutoff = 5000 / 22050
    middle = TAPS // 2
    kernel = []
    for i in range(TAPS):
        x = i - middle
        sinc = (
            2 * cutoff if x == 0 else math.sin(2 * math.pi * cutoff * x) / (math.pi * x)
        )
        kernel.append(sinc * (0.54 - 0.46 * math.cos(2 * math.pi * i / (TAPS - 1))))
    padded = [0] * middle + list(samples) + [0] * middle
    return [
        sum(k * padded[n + i] for i, k in enumerate(kernel))
        for n in range(0, len(samples), 2)
    ]


def trimmed(samples, rate):
    """Without the silence around the word (10 ms kept each side), normalised."""
    peak = max(map(abs, samples))
    loud = [i for i, s in enumerate(samples) if abs(s) > 0.02 * peak]
    margin = rate // 100
    start, end = max(loud[0] - margin, 0), min(loud[-1] + margin, len(samples))
    gain = PEAK / peak
    return array("h", (round(s * gain) for s in samples[start:end]))


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for digit, pinyin in enumerate(PINYIN):
        samples = trimmed(halve_rate(synthesise(pinyin)), 11025)
        with wave.open(str(TARGET / f"{digit}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(11025)
            out.writeframes(samples.tobytes())


if __name__ == "__main__":
    main()
