"""Decoding the formats a contact centre stores, in-process, to 16 kHz per channel."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from qa.intake.audio import SAMPLE_RATE, AudioDecodeError, decode_audio


def tone(rate: int, seconds: float, frequency: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return amplitude * np.sin(2 * np.pi * frequency * t)


def dominant_frequency(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spectrum) * SAMPLE_RATE / len(samples))


@pytest.mark.parametrize(
    ("suffix", "fmt", "subtype", "rate"),
    [
        (".wav", "WAV", "PCM_U8", 8000),
        (".wav", "WAV", "PCM_16", 8000),
        (".wav", "WAV", "PCM_24", 44100),
        (".wav", "WAV", "PCM_32", 16000),
        (".wav", "WAV", "FLOAT", 22050),
        (".wav", "WAV", "ULAW", 8000),
        (".wav", "WAV", "ALAW", 8000),
        (".flac", "FLAC", "PCM_16", 8000),
        (".ogg", "OGG", "VORBIS", 16000),
        (".mp3", "MP3", "MPEG_LAYER_III", 16000),
    ],
)
def test_formats_decode_to_16k_float(tmp_path: Path, suffix, fmt, subtype, rate) -> None:
    path = tmp_path / f"tone{suffix}"
    soundfile.write(path, tone(rate, 1.0, 440.0), rate, format=fmt, subtype=subtype)
    audio = decode_audio(path)
    assert audio.channels.dtype == np.float32
    assert audio.n_channels == 1
    assert audio.source_rate == rate
    assert audio.duration == pytest.approx(1.0, abs=0.06)  # mp3/ogg pad a little
    assert dominant_frequency(audio.channels[0]) == pytest.approx(440.0, abs=3.0)
    assert 0.35 < np.abs(audio.channels[0]).max() < 0.6


def test_stereo_channels_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "legs.wav"
    left, right = tone(8000, 1.0, 300.0), tone(8000, 1.0, 1000.0)
    soundfile.write(path, np.stack([left, right], axis=1), 8000, subtype="ULAW")
    audio = decode_audio(path)
    assert audio.n_channels == 2
    assert dominant_frequency(audio.channels[0]) == pytest.approx(300.0, abs=3.0)
    assert dominant_frequency(audio.channels[1]) == pytest.approx(1000.0, abs=3.0)


def test_real_8bit_unsigned_call(shared_audio: Path) -> None:
    audio = decode_audio(shared_audio / "pca_auto0_mono_8bit.wav")
    assert (audio.source_codec, audio.source_rate, audio.n_channels) == ("pcm_u8", 8000, 1)
    assert audio.duration == pytest.approx(277.7, abs=0.5)
    # unsigned 8-bit is centred on 128: a wrong decode would leave a DC offset near ±1
    assert abs(float(audio.channels.mean())) < 0.01


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"this is not audio at all" * 10, "cannot decode"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "cannot decode"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioDecodeError) as caught:
        decode_audio(path)
    message = str(caught.value)
    assert reason in message and str(path) in message
    assert "\n" not in message


def test_header_only_wav_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "header.wav"
    soundfile.write(path, np.zeros(0), 8000, subtype="PCM_16")
    with pytest.raises(AudioDecodeError, match=r"no audio samples|only 0\.000 s"):
        decode_audio(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioDecodeError, match="no such file"):
        decode_audio(tmp_path / "nope.wav")


def test_a_reported_duration_over_the_limit_fails_before_decoding(tmp_path: Path) -> None:
    from tests.fixtures.fuzz_inbox import sparse_wav

    path = tmp_path / "long.wav"
    sparse_wav(path, 4 * 3600 + 180)  # 117 MB of 8 kHz 8-bit: ~1 GB once decoded
    started = time.perf_counter()
    with pytest.raises(AudioDecodeError) as caught:
        decode_audio(path, max_seconds=4 * 3600)
    assert caught.value.reason == "4:03:00 of audio is over the 4:00:00 limit"
    assert time.perf_counter() - started < 2.0


def test_without_a_reported_duration_decoding_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "tone.flac"
    soundfile.write(path, tone(16000, 5.0, 440.0), 16000, format="FLAC")
    data = bytearray(path.read_bytes())
    # STREAMINFO's 36-bit total-samples field to 0: "unknown", as a streaming encoder writes
    field = int.from_bytes(data[18:26], "big") & ~((1 << 36) - 1)
    data[18:26] = field.to_bytes(8, "big")
    path.write_bytes(bytes(data))
    assert decode_audio(path).duration == pytest.approx(5.0, abs=0.01)
    with pytest.raises(AudioDecodeError, match=r": 0:00:0\d of audio is over the 0:00:02 limit"):
        decode_audio(path, max_seconds=2.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinite_float_samples(tmp_path: Path, bad: float) -> None:
    path = tmp_path / "float.wav"
    samples = tone(8000, 1.0, 440.0).astype(np.float32)
    samples[4000] = bad
    soundfile.write(path, samples, 8000, subtype="FLOAT")
    with pytest.raises(AudioDecodeError, match=r"NaN or infinite samples$"):
        decode_audio(path)


def test_more_than_two_channels_is_not_a_call(tmp_path: Path) -> None:
    path = tmp_path / "surround.wav"
    soundfile.write(path, np.stack([tone(8000, 0.5, 300.0 * k) for k in range(1, 7)], 1), 8000)
    with pytest.raises(AudioDecodeError, match=r"6 channels; a call has 1 \(mono\) or 2"):
        decode_audio(path)


def test_192_khz_decodes(tmp_path: Path) -> None:
    path = tmp_path / "hires.wav"
    soundfile.write(path, tone(192000, 0.5, 440.0), 192000, subtype="PCM_24")
    audio = decode_audio(path, max_seconds=4 * 3600)
    assert (audio.source_rate, audio.n_channels) == (192000, 1)
    assert audio.duration == pytest.approx(0.5, abs=0.01)
    assert dominant_frequency(audio.channels[0]) == pytest.approx(440.0, abs=3.0)


def test_a_truncated_wav_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    soundfile.write(path, tone(8000, 2.0, 440.0), 8000, subtype="PCM_16")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioDecodeError, match=r"truncated: the header promises 2\.0 s"):
        decode_audio(path)


def test_special_files_and_odd_names_fail_in_one_printable_line(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    with pytest.raises(AudioDecodeError, match=r"not a regular file \(fifo\)"):
        decode_audio(fifo)  # must not block on open
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.wav"))
    odd.write_bytes(b"")
    with pytest.raises(AudioDecodeError) as caught:
        decode_audio(odd)
    assert str(caught.value).endswith("caf\\xe9.wav: empty file (0 bytes)")
    assert str(caught.value).encode("utf-8")
