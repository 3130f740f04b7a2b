"""Two-speaker diarization for mono recordings, offline and weight-free.

A mixed telephone call has two voices on one channel. Silero VAD finds the speech;
each 2.5 s window of it is described by MFCC statistics (spectral envelope, which
differs between voices and between the two ends of a phone line); windows are
clustered into two groups (Ward), then each group trains a small GMM and every 10 ms
frame is re-assigned by the smoothed likelihood ratio (classic resegmentation, which
fixes window-boundary errors). It is no neural speaker
embedding, and `benchmarks/diarization.py` measures how far that gets us. Users with
pyannote and its model can pass `backend="pyannote"`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.fft import dct
from scipy.ndimage import median_filter, uniform_filter1d
from sklearn.cluster import AgglomerativeClustering
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

from models.audio import SAMPLE_RATE
from models.vad import speech_regions

FRAME_HOP = 0.010
WINDOW_S = 2.5
WINDOW_HOP_S = 0.5


@dataclass(frozen=True)
class SpeakerTurn:
    speaker: int  # cluster index, 0 or 1
    start: float
    end: float


@dataclass(frozen=True)
class DiarizationOptions:
    n_speakers: int = 2  # 1 turns diarization off (a single-voice recording)
    smoothing_windows: int = 5
    resegment_iterations: int = 2
    resegment_smoothing_s: float = 1.0
    gmm_components: int = 8
    backend: str = "mfcc"  # or "pyannote" for users who have its model locally


def diarize(samples: np.ndarray, options: DiarizationOptions | None = None) -> list[SpeakerTurn]:
    """Speaker turns over the speech in `samples` (16 kHz mono)."""
    options = options or DiarizationOptions()
    if options.backend == "pyannote":
        return _diarize_pyannote(samples, options)
    regions = speech_regions(samples, min_silence_ms=300, pad_ms=100)
    if not regions:
        return []
    frames = mfcc(samples)
    speech_mask = np.zeros(len(frames), dtype=bool)
    for start, end in regions:
        speech_mask[int(start / FRAME_HOP) : int(end / FRAME_HOP) + 1] = True
    speech_mask = speech_mask[: len(frames)]
    centres, features = _window_features(frames, speech_mask)
    if len(centres) < 4 or options.n_speakers < 2:
        return [SpeakerTurn(0, start, end) for start, end in regions]
    labels = _cluster(features, options)
    labels = median_filter(labels, size=options.smoothing_windows, mode="nearest")
    frame_labels = _labels_per_frame(centres, labels, len(frames))
    if len(set(labels)) == 2:
        frame_labels = _resegment(frames, frame_labels, speech_mask, options)
    return _turns(frame_labels, speech_mask)


def mfcc(samples: np.ndarray, n_mels: int = 40, n_coeffs: int = 20) -> np.ndarray:
    """MFCCs (frames × coeffs), 10 ms hop, 25 ms window, telephone band 300–3400 Hz."""
    win = int(0.025 * SAMPLE_RATE)
    hop = int(FRAME_HOP * SAMPLE_RATE)
    n_fft = 512
    if len(samples) < win:
        return np.zeros((0, n_coeffs - 1), dtype=np.float32)
    emphasised = np.append(samples[0], samples[1:] - 0.97 * samples[:-1])
    n_frames = 1 + (len(emphasised) - win) // hop
    index = np.arange(win)[None, :] + hop * np.arange(n_frames)[:, None]
    spectrum = np.abs(np.fft.rfft(emphasised[index] * np.hamming(win), n_fft)) ** 2
    energies = spectrum @ _mel_filters(n_mels, n_fft).T
    cepstra = dct(np.log(energies + 1e-10), type=2, axis=1, norm="ortho")[:, 1:n_coeffs]
    return cepstra.astype(np.float32)


def _mel_filters(n_mels: int, n_fft: int, low: float = 300.0, high: float = 3400.0) -> np.ndarray:
    def to_mel(hz: np.ndarray | float) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    mel_points = np.linspace(to_mel(low), to_mel(high), n_mels + 2)
    hz_points = 700.0 * (10 ** (mel_points / 2595.0) - 1.0)
    bins = np.floor((n_fft + 1) * hz_points / SAMPLE_RATE).astype(int)
    filters = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(1, n_mels + 1):
        left, centre, right = bins[m - 1], bins[m], bins[m + 1]
        filters[m - 1, left:centre] = (np.arange(left, centre) - left) / max(centre - left, 1)
        filters[m - 1, centre:right] = (right - np.arange(centre, right)) / max(right - centre, 1)
    return filters


def _window_features(frames: np.ndarray, speech: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    normalised = (frames - frames[speech].mean(axis=0)) / (frames[speech].std(axis=0) + 1e-6)
    win = int(WINDOW_S / FRAME_HOP)
    hop = int(WINDOW_HOP_S / FRAME_HOP)
    centres, features = [], []
    for start in range(0, max(len(frames) - win, 0) + 1, hop):
        in_speech = speech[start : start + win]
        if in_speech.mean() < 0.5:
            continue
        window = normalised[start : start + win][in_speech]
        features.append(np.concatenate([window.mean(axis=0), window.std(axis=0)]))
        centres.append(start + win // 2)
    return np.asarray(centres), np.asarray(features)


def _cluster(features: np.ndarray, options: DiarizationOptions) -> np.ndarray:
    scaled = StandardScaler().fit_transform(features)
    ward = AgglomerativeClustering(n_clusters=options.n_speakers, linkage="ward")
    return ward.fit_predict(scaled).astype(int)


def _resegment(
    frames: np.ndarray, labels: np.ndarray, speech: np.ndarray, options: DiarizationOptions
) -> np.ndarray:
    normalised = (frames - frames[speech].mean(axis=0)) / (frames[speech].std(axis=0) + 1e-6)
    labels = np.where(speech, labels, -1)
    smoothing = max(int(options.resegment_smoothing_s / FRAME_HOP), 1)
    for _ in range(options.resegment_iterations):
        if min((labels == k).sum() for k in (0, 1)) < options.gmm_components * 10:
            break
        scores = [
            GaussianMixture(options.gmm_components, covariance_type="diag", random_state=0)
            .fit(normalised[labels == k])
            .score_samples(normalised)
            for k in (0, 1)
        ]
        ratio = uniform_filter1d(scores[1] - scores[0], smoothing)
        labels = np.where(speech, (ratio > 0).astype(int), -1)
    return labels


def _labels_per_frame(centres: np.ndarray, labels: np.ndarray, n_frames: int) -> np.ndarray:
    """Each frame takes the label of the nearest window centre."""
    nearest = np.searchsorted(centres, np.arange(n_frames))
    nearest = np.clip(nearest, 0, len(centres) - 1)
    previous = np.clip(nearest - 1, 0, len(centres) - 1)
    frames = np.arange(n_frames)
    use_previous = np.abs(frames - centres[previous]) < np.abs(centres[nearest] - frames)
    return np.where(use_previous, labels[previous], labels[nearest])


def _turns(frame_labels: np.ndarray, speech: np.ndarray) -> list[SpeakerTurn]:
    turns: list[SpeakerTurn] = []
    start = None
    for i in range(len(frame_labels) + 1):
        active = i < len(frame_labels) and speech[i]
        if start is not None and (not active or frame_labels[i] != frame_labels[start]):
            turns.append(SpeakerTurn(int(frame_labels[start]), start * FRAME_HOP, i * FRAME_HOP))
            start = None
        if active and start is None:
            start = i
    return turns


def _diarize_pyannote(samples: np.ndarray, options: DiarizationOptions) -> list[SpeakerTurn]:
    """pyannote for users who have it and its model cached; never downloads here."""
    try:
        import torch
        from pyannote.audio import Pipeline  # type: ignore[import-not-found]
    except ImportError as error:
        raise RuntimeError("pyannote backend needs `pip install pyannote.audio`") from error
    pipeline = Pipeline.from_pretrained("pyannote/speaker-diarization-3.1")
    waveform = torch.from_numpy(samples[None, :].astype(np.float32))
    result = pipeline(
        {"waveform": waveform, "sample_rate": SAMPLE_RATE}, num_speakers=options.n_speakers
    )
    names: dict[str, int] = {}
    return [
        SpeakerTurn(names.setdefault(label, len(names)), segment.start, segment.end)
        for segment, _, label in result.itertracks(yield_label=True)
    ]
