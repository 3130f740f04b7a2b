-- The call list: each call's current scorecard (its latest scoring) with the filters of
-- the desk's list page, sorted and paginated here, not in Python. Needs the desk attached.
WITH current AS (
    SELECT *
    FROM scorecards
    QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY scored_at DESC, rubric DESC) = 1
),
reviewed AS (  -- reviewed under the scorecard shown: a rescore starts the review afresh
    SELECT DISTINCT call_id, rubric FROM desk.reviews
),
dispute AS (
    SELECT call_id, action AS dispute_state
    FROM desk.dispute_events
    QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC, event_id) = 1
),
unverifiable AS (
    SELECT DISTINCT call_id, rubric FROM criterion_results WHERE status = 'unverifiable'
),
listed AS (
    SELECT
        c.call_id,
        c.agent_id,
        c.agent_name,
        c.team,
        coalesce(c.started_at, c.loaded_at)     AS call_time,
        c.duration_s,
        c.language,
        s.rubric,
        s.status,
        s.overall,
        s.level,
        s.resolution_status,
        s.agent_tone,
        s.auto_failed,
        u.call_id IS NOT NULL                   AS has_unverifiable,
        r.call_id IS NOT NULL                   AS reviewed,
        d.dispute_state
    FROM calls c
    JOIN current s USING (call_id)
    LEFT JOIN unverifiable u ON u.call_id = s.call_id AND u.rubric = s.rubric
    LEFT JOIN reviewed r ON r.call_id = s.call_id AND r.rubric = s.rubric
    LEFT JOIN dispute d ON d.call_id = c.call_id
    WHERE ($agent::VARCHAR IS NULL OR c.agent_id = $agent OR c.agent_name = $agent)
      AND ($team::VARCHAR IS NULL OR c.team = $team)
      AND ($since::DATE IS NULL OR coalesce(c.started_at, c.loaded_at) >= $since::DATE)
      AND ($until::DATE IS NULL OR coalesce(c.started_at, c.loaded_at) < $until::DATE + 1)
      AND ($level::VARCHAR IS NULL OR s.level = $level
           OR ($level = 'no_conversation' AND s.status = 'no_conversation'))
      AND ($resolution::VARCHAR IS NULL OR s.resolution_status = $resolution)
      AND ($auto_failed::BOOLEAN IS NULL OR (len(s.auto_failed) > 0) = $auto_failed)
      AND ($unverifiable::BOOLEAN IS NULL OR (u.call_id IS NOT NULL) = $unverifiable)
      AND ($reviewed::BOOLEAN IS NULL OR (r.call_id IS NOT NULL) = $reviewed)
      AND ($disputed::BOOLEAN IS NULL OR (d.dispute_state = 'opened') = $disputed
           OR (NOT $disputed AND d.dispute_state IS NULL))
      AND ($dispute::VARCHAR IS NULL OR coalesce(d.dispute_state, 'none') = $dispute)
)
SELECT *, count(*) OVER () AS total
FROM listed
ORDER BY
    CASE WHEN $sort = 'score' THEN overall END ASC NULLS LAST,
    CASE WHEN $sort = '-score' THEN overall END DESC NULLS LAST,
    CASE WHEN $sort = 'date' THEN call_time END ASC,
    CASE WHEN $sort = '-date' THEN call_time END DESC,
    call_id
LIMIT $limit OFFSET $offset;
