-- One call's reviews, newest first (the history shown on the call page and in the API).
SELECT review_id, call_id, rubric, rubric_digest, criterion_id, reviewer, original_status,
       original_score, override_status, override_score, comment, created_at
FROM desk.reviews
WHERE call_id = $call_id
ORDER BY created_at DESC, review_id;
