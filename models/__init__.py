"""Model adapters: Whisper ASR backends, weights shipped in packages, diarization."""
