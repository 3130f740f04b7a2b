-- Stored calls with the inbox of the run that stored them (reprocess finds them there).
SELECT c.call_id, c.audio_hash, c.source_files, r.inbox
FROM calls c LEFT JOIN runs r USING (run_id)
ORDER BY c.call_id;
