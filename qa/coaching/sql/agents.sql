-- One row per agent: how many calls, the mean scores, and how often the call was resolved,
-- auto-failed or had a long hold, under one rubric.
SELECT
    coalesce(c.agent_id, '(unknown)')                  AS agent_id,
    any_value(c.agent_name)                            AS agent_name,
    any_value(c.team)                                  AS team,
    count(*)                                           AS calls,
    round(avg(s.overall), 1)                           AS overall,
    round(avg(s.tone), 1)                              AS tone,
    round(avg(s.empathy), 1)                           AS empathy,
    round(avg(s.resolution), 1)                        AS resolution,
    round(avg(CASE WHEN s.resolved THEN 1 ELSE 0 END), 2) AS resolved_share,
    count(*) FILTER (WHERE len(s.auto_failed) > 0)     AS auto_failed_calls,
    count(*) FILTER (WHERE m.holds_over_limit > 0)     AS calls_with_long_hold
FROM scorecards s
JOIN calls c USING (call_id)
LEFT JOIN call_metrics m ON m.call_id = s.call_id AND m.rubric = s.rubric
WHERE s.rubric = $rubric AND s.status = 'scored'  -- no_conversation: no verdict to average
GROUP BY ALL
ORDER BY overall ASC;
