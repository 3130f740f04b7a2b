-- Every recording already dealt with: stored, or quarantined.
SELECT audio_hash FROM calls
UNION
SELECT audio_hash FROM quarantine;
