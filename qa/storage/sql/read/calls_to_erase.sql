-- The calls an erasure removes: those of the given customer references or call ids, or
-- those older than the retention cutoff (when the call took place; when it was stored if
-- that is unknown). A criterion left empty ([] or NULL) matches nothing.
SELECT call_id, audio_hash, redacted_audio
FROM calls
WHERE list_contains($customer_refs, customer_ref)
   OR list_contains($call_ids, call_id)
   OR coalesce(started_at, loaded_at) < $older_than
ORDER BY call_id;
