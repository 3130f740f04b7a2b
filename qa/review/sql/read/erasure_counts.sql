-- What an erasure of these calls removes from the desk, table by table (read before deleting).
SELECT
    (SELECT count(*) FROM reviews WHERE list_contains($call_ids, call_id)) AS reviews,
    (SELECT count(*) FROM dispute_events WHERE list_contains($call_ids, call_id)) AS dispute_events,
    (SELECT count(*) FROM calibration_queue WHERE list_contains($call_ids, call_id))
        AS calibration_queue;
