"""Decoding the formats a contact centre stores, in-process, to 16 kHz per channel."""

from __future__ import annotations

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
