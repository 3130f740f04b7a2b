"""What a WAV header promises, checked against the file: FFmpeg decodes a truncated WAV
without complaint, and a call cut short would be scored as if it had ended there."""

from __future__ import annotations

from pathlib import Path

_HEAD = 1 << 16
_TOLERANCE_SECONDS = 0.05


def wav_truncation(path: Path) -> str | None:
    """Why the WAV at `path` is shorter than its header says, or None (complete, not a
    RIFF WAV, or a streaming header that does not know its length)."""
    with path.open("rb") as stream:
        head = stream.read(_HEAD)
        size = stream.seek(0, 2)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    position, byte_rate = 12, 0
    while position + 8 <= len(head):
        chunk = head[position : position + 4]
        length = int.from_bytes(head[position + 4 : position + 8], "little")
        if chunk == b"fmt " and position + 20 <= len(head):
            byte_rate = int.from_bytes(head[position + 16 : position + 20], "little")
        if chunk == b"data":
            if length in (0, 0xFFFFFFFF) or byte_rate <= 0:
                return None
            held = size - (position + 8)
            if (length - held) / byte_rate <= _TOLERANCE_SECONDS:
                return None
            return (
                f"truncated: the header promises {length / byte_rate:.1f} s of audio, "
                f"the file holds {max(held, 0) / byte_rate:.1f} s"
            )
        position += 8 + length + (length & 1)
    return None
