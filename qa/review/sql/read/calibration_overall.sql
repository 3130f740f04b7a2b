-- Calibration of the whole call: the human's current overall score (their latest
-- whole-call review that gives one, per call and rubric reviewed) beside the automatic
-- overall of the same rubric, or of $rubric when given. auto_overall is NULL where there
-- is no automatic overall to compare with (call gone, or no verdict: no_conversation).
WITH judged AS (
    SELECT call_id, rubric, override_score AS human_overall, created_at
    FROM desk.reviews
    WHERE criterion_id IS NULL AND override_score IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY call_id, CASE WHEN $rubric IS NULL THEN rubric END
        ORDER BY created_at DESC, review_id DESC
    ) = 1
)
SELECT
    j.call_id,
    coalesce($rubric, j.rubric) AS rubric,
    s.overall                   AS auto_overall,
    j.human_overall
FROM judged j
LEFT JOIN scorecards s
    ON s.call_id = j.call_id AND s.rubric = coalesce($rubric, j.rubric)
WHERE $since IS NULL OR j.created_at >= $since
ORDER BY j.call_id, rubric;
