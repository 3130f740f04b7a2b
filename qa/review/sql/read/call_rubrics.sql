-- Every rubric a call was scored under, newest first (a rescore sits beside the old one).
SELECT rubric, scored_at FROM scorecards WHERE call_id = $call_id ORDER BY scored_at DESC;
