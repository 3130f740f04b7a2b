-- Released entries are kept for the audit, then leave the quarantine: the next run takes them.
INSERT INTO quarantine_released
SELECT audio_hash, files, stage, reason, run_id, quarantined_at, $released_at FROM quarantine
WHERE list_contains($hashes, audio_hash);
DELETE FROM quarantine WHERE list_contains($hashes, audio_hash);
