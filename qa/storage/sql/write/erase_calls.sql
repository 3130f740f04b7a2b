-- An erasure: every row of these recordings, and their file names once quarantined and
-- released; then the hashes, so that a later run never takes the recordings in again.
DELETE FROM segments
WHERE call_id IN (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash));
DELETE FROM redactions
WHERE call_id IN (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash));
DELETE FROM scorecards
WHERE call_id IN (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash));
DELETE FROM criterion_results
WHERE call_id IN (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash));
DELETE FROM call_metrics
WHERE call_id IN (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash));
DELETE FROM quarantine_released WHERE list_contains($audio_hashes, audio_hash);
DELETE FROM calls WHERE list_contains($audio_hashes, audio_hash);
INSERT INTO erased_recordings (audio_hash, erasure_id)
SELECT DISTINCT unnest($audio_hashes), $erasure_id
ON CONFLICT DO NOTHING;
