-- One call's dispute events, oldest first: the latest is the dispute's state.
SELECT event_id, call_id, action, actor, comment, created_at
FROM desk.dispute_events
WHERE call_id = $call_id
ORDER BY created_at, event_id;
