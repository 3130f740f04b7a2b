-- Released entries are kept for the audit, then leave the quarantine: the next run takes them.
INSERT INTO quarantine_released
SELECT audio_hash, files, stage, reason, run_id, quarantined_at, $released_at FROM quarantine
WHERE ($audio_hash IS NULL OR starts_with(audio_hash, $audio_hash))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($stage IS NULL OR stage = $stage)
  AND ($reason IS NULL OR reason ILIKE '%' || $reason || '%')
  AND ($file IS NULL OR len(list_filter(files, lambda f: contains(f, $file))) > 0);
DELETE FROM quarantine
WHERE ($audio_hash IS NULL OR starts_with(audio_hash, $audio_hash))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($stage IS NULL OR stage = $stage)
  AND ($reason IS NULL OR reason ILIKE '%' || $reason || '%')
  AND ($file IS NULL OR len(list_filter(files, lambda f: contains(f, $file))) > 0);
