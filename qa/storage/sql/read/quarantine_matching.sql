-- Quarantined entries matching every filter given (a NULL filter matches all).
SELECT audio_hash, files, reason FROM quarantine
WHERE ($audio_hash IS NULL OR starts_with(audio_hash, $audio_hash))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($stage IS NULL OR stage = $stage)
  AND ($reason IS NULL OR reason ILIKE '%' || $reason || '%')
  AND ($file IS NULL OR len(list_filter(files, lambda f: contains(f, $file))) > 0)
ORDER BY quarantined_at;
