-- Calls a calibration sample may pick: each call's latest scorecard (or $rubric's), with a
-- verdict to check (not no_conversation), never reviewed and not already queued; its
-- stratum (agent, level) and its confidence: the lower of the resolution decision's and
-- the transcript's mean segment confidence (either alone where the other is missing).
WITH card AS (
    SELECT call_id, rubric, status, level, resolution_confidence
    FROM scorecards
    WHERE $rubric IS NULL OR rubric = $rubric
    QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY scored_at DESC, rubric DESC) = 1
),
heard AS (
    SELECT call_id, avg(confidence) AS asr_confidence FROM segments GROUP BY call_id
)
SELECT
    c.call_id,
    card.rubric,
    c.agent_id,
    c.agent_name,
    card.level,
    least(card.resolution_confidence, heard.asr_confidence) AS confidence
FROM card
JOIN calls c USING (call_id)
LEFT JOIN heard USING (call_id)
WHERE card.status = 'scored'
  AND ($since IS NULL OR coalesce(c.started_at, c.loaded_at) >= $since)
  AND c.call_id NOT IN (SELECT call_id FROM desk.reviews)
  AND c.call_id NOT IN (SELECT call_id FROM desk.calibration_queue);
