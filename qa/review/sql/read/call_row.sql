-- One call's stored row without its transcript: what the audio route and existence
-- checks need, read on every Range request of the player.
SELECT call_id, redacted_audio
FROM calls
WHERE call_id = $call_id;
