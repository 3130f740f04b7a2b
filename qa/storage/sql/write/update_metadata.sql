-- Corrected metadata applied to a stored call (callqa reprocess --metadata-only).
UPDATE calls SET
    agent_id = $agent_id,
    agent_name = $agent_name,
    team = $team,
    queue = $queue,
    started_at = $started_at,
    direction = $direction,
    customer_ref = $customer_ref
WHERE audio_hash = $audio_hash;
