-- The values the list's filter menus offer.
SELECT 'agent' AS kind, agent_id AS value, any_value(agent_name) AS label
FROM calls WHERE agent_id IS NOT NULL GROUP BY agent_id
UNION ALL
SELECT 'team', team, team FROM calls WHERE team IS NOT NULL GROUP BY team
ORDER BY kind, label;
