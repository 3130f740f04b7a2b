"""The CTranslate2 → openai-whisper converter, checked tensor by tensor and by its output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import whisper

from models.ct2_to_openai import ConversionError, convert, read_ct2_variables
from models.weights import resolve_model


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, Path]:
    source = Path(resolve_model("base").location)
    return source, convert(source, tmp_path_factory.mktemp("ckpt") / "base.pt")


def test_checkpoint_has_exactly_the_model_tensors(converted) -> None:
    _, checkpoint_path = converted
    checkpoint = torch.load(checkpoint_path, weights_only=True)
    dims = whisper.ModelDimensions(**checkpoint["dims"])
    assert (dims.n_audio_layer, dims.n_text_layer, dims.n_audio_state, dims.n_vocab) == (
        6,
        6,
        512,
        51865,
    )
    expected = whisper.Whisper(dims).state_dict()
    state = checkpoint["model_state_dict"]
    assert set(state) == set(expected)
    for name, tensor in expected.items():
        assert state[name].shape == tensor.shape, name
    assert checkpoint["alignment_heads"][0] == [3, 1]


def test_fused_projections_are_split_in_order(converted) -> None:
    source, checkpoint_path = converted
    _, ct2 = read_ct2_variables(source / "model.bin")
    state = torch.load(checkpoint_path, weights_only=True)["model_state_dict"]
    fused = ct2["encoder/layer_2/self_attention/linear_0/weight"]
    n = fused.shape[0] // 3
    np.testing.assert_array_equal(
        state["encoder.blocks.2.attn.value.weight"].numpy(), fused[2 * n :]
    )
    kv = ct2["decoder/layer_5/attention/linear_1/bias"]
    np.testing.assert_array_equal(state["decoder.blocks.5.cross_attn.value.bias"].numpy(), kv[512:])
    assert "decoder.blocks.0.attn.key.bias" not in state


def test_loads_with_whisper_load_model(converted) -> None:
    _, checkpoint_path = converted
    model = whisper.load_model(str(checkpoint_path), device="cpu")
    assert model.is_multilingual


def test_non_whisper_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"\x06\x00\x00\x00")
    with pytest.raises(ConversionError):
        convert(tmp_path, tmp_path / "out.pt")
