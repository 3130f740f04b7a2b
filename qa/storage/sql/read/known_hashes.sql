-- Every recording already dealt with: stored, quarantined, or erased (never taken in again).
SELECT audio_hash FROM calls
UNION
SELECT audio_hash FROM quarantine
UNION
SELECT audio_hash FROM erased_recordings;
