-- The mean overall score per agent and ISO week of the call (calls without a start time
-- count in the week they were loaded).
SELECT
    coalesce(c.agent_id, '(unknown)')                        AS agent_id,
    date_trunc('week', coalesce(c.started_at, c.loaded_at))  AS week,
    count(*)                                                 AS calls,
    round(avg(s.overall), 1)                                 AS overall
FROM scorecards s
JOIN calls c USING (call_id)
WHERE s.rubric = $rubric AND s.status = 'scored'  -- no_conversation: no verdict to average
GROUP BY ALL
ORDER BY agent_id, week;
