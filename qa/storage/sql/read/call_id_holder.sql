-- Which recording holds a call id, if any.
SELECT audio_hash FROM calls WHERE call_id = $call_id;
