-- A stored call's rows, to process it again (reviews stay: they name the call id).
DELETE FROM segments WHERE call_id IN (SELECT call_id FROM calls WHERE audio_hash = $audio_hash);
DELETE FROM redactions WHERE call_id IN (SELECT call_id FROM calls WHERE audio_hash = $audio_hash);
DELETE FROM scorecards WHERE call_id IN (SELECT call_id FROM calls WHERE audio_hash = $audio_hash);
DELETE FROM criterion_results
WHERE call_id IN (SELECT call_id FROM calls WHERE audio_hash = $audio_hash);
DELETE FROM call_metrics WHERE call_id IN (SELECT call_id FROM calls WHERE audio_hash = $audio_hash);
DELETE FROM calls WHERE audio_hash = $audio_hash;
