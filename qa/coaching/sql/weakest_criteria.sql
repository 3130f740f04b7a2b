-- Criteria by how often they fail, per team: where coaching time goes first. N/A and
-- unverifiable results are left out of the rate.
SELECT
    coalesce(c.team, '(no team)')                              AS team,
    r.criterion_id,
    any_value(r.title)                                         AS title,
    count(*) FILTER (WHERE r.status IN ('passed', 'failed'))   AS judged,
    count(*) FILTER (WHERE r.status = 'failed')                AS failed,
    round(count(*) FILTER (WHERE r.status = 'failed')
          / greatest(count(*) FILTER (WHERE r.status IN ('passed', 'failed')), 1), 2)
                                                               AS fail_rate
FROM criterion_results r
JOIN calls c USING (call_id)
WHERE r.rubric = $rubric
GROUP BY ALL
HAVING judged > 0
ORDER BY team, fail_rate DESC, criterion_id;
