"""Convert a CTranslate2 Whisper model into an openai-whisper checkpoint.

The only multilingual Whisper weights that ship offline are in CTranslate2 format, but
the openai-whisper backend loads `{"dims", "model_state_dict"}` checkpoints. The two
layouts hold the same tensors arranged differently: CTranslate2 fuses the q|k|v
projections of self-attention and the k|v projections of cross-attention, stores the
key projection's bias as zeros (openai-whisper has none), ties the output projection
to the token embedding by alias, and keeps the alignment heads in config.json.
"""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np
import torch

# Order of CTranslate2's DataType enum.
_CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


class ConversionError(Exception):
    pass


def read_ct2_variables(model_bin: Path) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and every variable of a CTranslate2 `model.bin` (aliases resolved)."""
    with model_bin.open("rb") as stream:
        version = _read(stream, "I")
        if version < 5:
            raise ConversionError(f"{model_bin}: CTranslate2 binary version {version} is too old")
        spec = _read_string(stream)
        _read(stream, "I")  # spec revision
        variables: dict[str, np.ndarray] = {}
        for _ in range(_read(stream, "I")):
            name = _read_string(stream)
            shape = [_read(stream, "I") for _ in range(_read(stream, "B"))]
            type_id = _read(stream, "B")
            n_bytes = _read(stream, "I")
            if type_id not in _CT2_DTYPES:
                raise ConversionError(f"{name}: unsupported CTranslate2 dtype id {type_id}")
            data = np.frombuffer(stream.read(n_bytes), dtype=_CT2_DTYPES[type_id])
            variables[name] = data.reshape(shape)
        for _ in range(_read(stream, "I")):
            alias, target = _read_string(stream), _read_string(stream)
            variables[alias] = variables[target]
    return spec, variables


def convert(ct2_dir: Path, output: Path) -> Path:
    """Write an openai-whisper checkpoint for the CTranslate2 model in `ct2_dir`."""
    spec, ct2 = read_ct2_variables(ct2_dir / "model.bin")
    if spec != "WhisperSpec":
        raise ConversionError(f"{ct2_dir} holds a {spec}, not a Whisper model")
    if any(name.endswith("weight_scale") for name in ct2):
        raise ConversionError(f"{ct2_dir} is int8-quantised; convert a float16/float32 model")
    config = json.loads((ct2_dir / "config.json").read_text())
    dims = _dimensions(ct2)
    state = _state_dict(ct2, dims)
    checkpoint = {
        "dims": dims,
        "model_state_dict": state,
        "alignment_heads": [list(map(int, pair)) for pair in config.get("alignment_heads", [])],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(f".{os.getpid()}.partial")
    torch.save(checkpoint, partial)
    os.replace(partial, output)
    return output


def _dimensions(ct2: dict[str, np.ndarray]) -> dict[str, int]:
    def layers(prefix: str) -> int:
        pattern = re.compile(rf"^{prefix}/layer_(\d+)/")
        return len({match[1] for name in ct2 if (match := pattern.match(name))})

    return {
        "n_mels": int(ct2["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(ct2["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(ct2["encoder/position_encodings/encodings"].shape[1]),
        "n_audio_head": int(ct2["encoder/num_heads"]),
        "n_audio_layer": layers("encoder"),
        "n_vocab": int(ct2["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(ct2["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(ct2["decoder/embeddings/weight"].shape[1]),
        "n_text_head": int(ct2["decoder/num_heads"]),
        "n_text_layer": layers("decoder"),
    }


def _state_dict(ct2: dict[str, np.ndarray], dims: dict[str, int]) -> dict[str, torch.Tensor]:
    out: dict[str, np.ndarray] = {
        "encoder.conv1.weight": ct2["encoder/conv1/weight"],
        "encoder.conv1.bias": ct2["encoder/conv1/bias"],
        "encoder.conv2.weight": ct2["encoder/conv2/weight"],
        "encoder.conv2.bias": ct2["encoder/conv2/bias"],
        "encoder.positional_embedding": ct2["encoder/position_encodings/encodings"],
        "decoder.token_embedding.weight": ct2["decoder/embeddings/weight"],
        "decoder.positional_embedding": ct2["decoder/position_encodings/encodings"],
    }
    _layer_norm(out, "encoder.ln_post", ct2, "encoder/layer_norm")
    _layer_norm(out, "decoder.ln", ct2, "decoder/layer_norm")
    for side, n_layers in (("encoder", dims["n_audio_layer"]), ("decoder", dims["n_text_layer"])):
        for i in range(n_layers):
            block, layer = f"{side}.blocks.{i}", f"{side}/layer_{i}"
            _layer_norm(out, f"{block}.attn_ln", ct2, f"{layer}/self_attention/layer_norm")
            _split_fused(
                out,
                f"{block}.attn",
                ("query", "key", "value"),
                ct2,
                f"{layer}/self_attention/linear_0",
            )
            _linear(out, f"{block}.attn.out", ct2, f"{layer}/self_attention/linear_1")
            _layer_norm(out, f"{block}.mlp_ln", ct2, f"{layer}/ffn/layer_norm")
            _linear(out, f"{block}.mlp.0", ct2, f"{layer}/ffn/linear_0")
            _linear(out, f"{block}.mlp.2", ct2, f"{layer}/ffn/linear_1")
            if side == "decoder":
                _layer_norm(out, f"{block}.cross_attn_ln", ct2, f"{layer}/attention/layer_norm")
                _linear(out, f"{block}.cross_attn.query", ct2, f"{layer}/attention/linear_0")
                _split_fused(
                    out, f"{block}.cross_attn", ("key", "value"), ct2, f"{layer}/attention/linear_1"
                )
                _linear(out, f"{block}.cross_attn.out", ct2, f"{layer}/attention/linear_2")
    return {name: torch.from_numpy(np.array(value)) for name, value in out.items()}


def _layer_norm(out: dict, name: str, ct2: dict, source: str) -> None:
    out[f"{name}.weight"] = ct2[f"{source}/gamma"]
    out[f"{name}.bias"] = ct2[f"{source}/beta"]


def _linear(out: dict, name: str, ct2: dict, source: str) -> None:
    out[f"{name}.weight"] = ct2[f"{source}/weight"]
    out[f"{name}.bias"] = ct2[f"{source}/bias"]


def _split_fused(out: dict, prefix: str, parts: tuple[str, ...], ct2: dict, source: str) -> None:
    weights = np.split(ct2[f"{source}/weight"], len(parts), axis=0)
    biases = np.split(ct2[f"{source}/bias"], len(parts), axis=0)
    for part, weight, bias in zip(parts, weights, biases, strict=True):
        out[f"{prefix}.{part}.weight"] = weight
        if part == "key":
            if np.any(bias != 0):
                raise ConversionError(f"{source}: non-zero key bias has no place in openai-whisper")
        else:
            out[f"{prefix}.{part}.bias"] = bias


def _read(stream: BinaryIO, fmt: str) -> int:
    size = struct.calcsize(fmt)
    data = stream.read(size)
    if len(data) != size:
        raise ConversionError("model.bin ends early")
    return struct.unpack(fmt, data)[0]


def _read_string(stream: BinaryIO) -> str:
    return stream.read(_read(stream, "H"))[:-1].decode("utf-8")
