-- Rows an erasure of these recordings removes, table by table (read before deleting).
WITH erased AS (SELECT call_id FROM calls WHERE list_contains($audio_hashes, audio_hash))
SELECT
    (SELECT count(*) FROM erased) AS calls,
    (SELECT count(*) FROM segments WHERE call_id IN (SELECT call_id FROM erased)) AS segments,
    (SELECT count(*) FROM redactions WHERE call_id IN (SELECT call_id FROM erased)) AS redactions,
    (SELECT count(*) FROM scorecards WHERE call_id IN (SELECT call_id FROM erased)) AS scorecards,
    (SELECT count(*) FROM criterion_results WHERE call_id IN (SELECT call_id FROM erased))
        AS criterion_results,
    (SELECT count(*) FROM call_metrics WHERE call_id IN (SELECT call_id FROM erased))
        AS call_metrics,
    (SELECT count(*) FROM quarantine_released WHERE list_contains($audio_hashes, audio_hash))
        AS quarantine_released;
