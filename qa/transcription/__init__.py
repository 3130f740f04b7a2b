"""Audio → transcript contract: Whisper per leg, diarization for mono calls, who is the
agent, the guards against Whisper's failures on call audio; and WER, the measure of it."""
