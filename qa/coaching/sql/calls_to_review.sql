-- The calls a coach should listen to first: auto-fails, then the lowest overall scores,
-- each with the first failed criterion and the words that failed it.
WITH first_failure AS (
    SELECT call_id, criterion_id, evidence[1].text AS quote, evidence[1].start_s AS at_s
    FROM criterion_results
    WHERE rubric = $rubric AND status = 'failed'
    QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY weight DESC, criterion_id) = 1
)
SELECT
    s.call_id,
    coalesce(c.agent_id, '(unknown)')  AS agent_id,
    c.started_at,
    s.overall,
    s.level,
    s.auto_failed,
    f.criterion_id                     AS failed_criterion,
    f.quote,
    f.at_s
FROM scorecards s
JOIN calls c USING (call_id)
LEFT JOIN first_failure f USING (call_id)
WHERE s.rubric = $rubric AND s.status = 'scored'  -- no_conversation: no verdict to average
ORDER BY len(s.auto_failed) > 0 DESC, s.overall ASC, s.call_id
LIMIT $limit;
