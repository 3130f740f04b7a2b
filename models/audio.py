"""What every model here hears: mono float32 at 16 kHz. `qa.intake` decodes to this rate."""

SAMPLE_RATE = 16_000
