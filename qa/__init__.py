"""callqa's own stages: audio decoding, the transcript and scorecard contracts, metrics, CLI."""

__version__ = "0.1.0"
