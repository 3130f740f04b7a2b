-- One call's stored row without its transcript: what the audio route and existence
-- checks need, read on every Range request of the player.
SELECT call_id, audio_hash, source_files, layout, agent_channel, duration_s
FROM calls
WHERE call_id = $call_id;
