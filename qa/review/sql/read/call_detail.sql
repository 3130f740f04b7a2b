-- One call and a scorecard: the given rubric's, or the call's latest scoring.
SELECT c.*, s.rubric, s.rubric_digest, s.scorecard, s.scored_at, r.asr_model AS run_asr_model
FROM calls c
JOIN scorecards s USING (call_id)
LEFT JOIN runs r ON r.run_id = s.run_id
WHERE c.call_id = $call_id AND ($rubric::VARCHAR IS NULL OR s.rubric = $rubric)
ORDER BY s.scored_at DESC, s.rubric DESC
LIMIT 1;
