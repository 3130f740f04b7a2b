"""Model adapters: Whisper ASR backends, weights shipped in packages, diarization.

`offline` comes first: it sets the libraries' offline and no-telemetry switches before any
of them is imported, for every entry point that reaches a model.
"""

from models import offline

__all__ = ["offline"]
