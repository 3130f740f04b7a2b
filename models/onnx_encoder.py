"""The sentence encoder exported to ONNX Runtime, optionally with int8 weights.

Scoring time is almost all the encoder's forward pass. On 2 cores ONNX Runtime runs the
same BertModel about 1.4x faster than PyTorch (cosine 0.99999 to it), and with int8
per-channel weights 1.7-1.8x faster (mean cosine 0.996; `benchmarks/scoring_speed.py`).
PyTorch's own dynamic int8 quantisation is per-tensor and lost more (cosine 0.967), so it
is not offered.

The export runs once per model into callqa's cache; mean pooling and L2 normalisation are
part of the graph, so a session returns finished embeddings. The graph also returns the
token states, from which the scorer pools each sentence of a turn (`TextEncoder.encode_spans`)
without a second pass.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

OPSET = 17
GRAPH = "pooled-and-tokens"  # in the cached file's name: a new graph is a new export


class _Pooled(torch.nn.Module):
    """BertModel + mean pooling over the attention mask + L2 normalisation, as one graph,
    which also hands back the last layer's token states."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return torch.nn.functional.normalize(pooled, dim=-1), hidden


def export(model: torch.nn.Module, target: Path) -> None:
    """Write `target` (fp32 ONNX) atomically; dynamic batch and sequence axes."""
    ids = torch.tensor([[0, 1, 2, 3]], dtype=torch.long)
    mask = torch.ones_like(ids)
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Pooled(model).eval(),
            (ids, mask),
            str(partial),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding", "tokens"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
                "tokens": {0: "batch", 1: "tokens"},
            },
            opset_version=OPSET,
            dynamo=False,
        )
    os.replace(partial, target)


def quantize(source: Path, target: Path) -> None:
    """int8 weights per output channel, activations quantised on the fly."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial.onnx")
    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the quantiser logs advice about pre-processing
    try:
        quantize_dynamic(source, partial, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        quiet.setLevel(level)
    os.replace(partial, target)


def exported(folder: Path, load_model: Callable[[], torch.nn.Module], int8: bool) -> Path:
    """The ONNX file cached in `folder`, exported (and quantised) on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / f"model-{GRAPH}.onnx"
    if not fp32.is_file():
        export(load_model(), fp32)
    if not int8:
        return fp32
    quantised = folder / f"model-{GRAPH}-int8.onnx"
    if not quantised.is_file():
        quantize(fp32, quantised)
    return quantised


class OnnxEncoderSession:
    """(input_ids, attention_mask) -> (batch, dim) L2-normalised embeddings, and on request
    the (batch, tokens, dim) token states."""

    def __init__(self, path: Path, threads: int = 0) -> None:
        import onnxruntime as ort

        # ORT_DISABLE_TELEMETRY (models/offline.py) stops the uploader before ONNX Runtime
        # starts; this also stops its trace events, should the variable have been overridden.
        ort.disable_telemetry_events()
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads  # 0: one per physical core
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, tokens: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        feed = {
            "input_ids": input_ids.astype(np.int64),
            "attention_mask": attention_mask.astype(np.int64),
        }
        if not tokens:
            return self.session.run(["embedding"], feed)[0], None
        pooled, states = self.session.run(["embedding", "tokens"], feed)
        return pooled, states
