-- Calibration, per criterion: the human's current status beside the automatic one.
-- The human's judgement is their latest review that gives a status, per call, criterion
-- and rubric reviewed; it is compared with the automatic result of that same rubric, so a
-- later rescore does not move it. With $rubric, every judgement is compared with that
-- rubric's result instead (the latest per call and criterion, whatever rubric it named).
-- auto_status is NULL where the automatic result is gone (the call is being reprocessed,
-- or $rubric has no such criterion).
WITH judged AS (
    SELECT call_id, rubric, criterion_id, override_status AS human_status, created_at
    FROM desk.reviews
    WHERE criterion_id IS NOT NULL AND override_status IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY call_id, criterion_id, CASE WHEN $rubric IS NULL THEN rubric END
        ORDER BY created_at DESC, review_id DESC
    ) = 1
)
SELECT
    j.criterion_id,
    coalesce($rubric, j.rubric) AS rubric,
    j.call_id,
    a.status                    AS auto_status,
    j.human_status
FROM judged j
LEFT JOIN criterion_results a
    ON a.call_id = j.call_id
   AND a.criterion_id = j.criterion_id
   AND a.rubric = coalesce($rubric, j.rubric)
WHERE $since IS NULL OR j.created_at >= $since
ORDER BY j.criterion_id, j.call_id, rubric;
