INSERT INTO dispute_events VALUES ($event_id, $call_id, $action, $actor, $comment, $created_at);
