-- The calibration queue, newest draw first, each call with whether a human has reviewed it
-- since it was queued (any review of the call, under any rubric) and when first.
SELECT
    q.sample_id,
    q.call_id,
    q.rubric,
    q.why,
    q.added_at,
    min(r.created_at) AS reviewed_at
FROM desk.calibration_queue q
LEFT JOIN desk.reviews r ON r.call_id = q.call_id AND r.created_at >= q.added_at
WHERE $sample_id IS NULL OR q.sample_id = $sample_id
GROUP BY ALL
ORDER BY q.added_at DESC, q.sample_id, q.call_id;
