-- A call's dispute state: its latest event's action (none: never disputed).
SELECT action FROM dispute_events
WHERE call_id = $call_id
ORDER BY created_at DESC, event_id DESC
LIMIT 1;
