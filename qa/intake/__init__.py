"""Recordings in: decode any telephone audio to 16 kHz, tell the call's shape (stereo,
two files, mono), discover a night's inbox and read its metadata (`calls.csv`, sidecars)."""
