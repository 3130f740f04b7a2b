-- An erasure (`callqa forget`, retention): the only time desk rows are ever deleted.
DELETE FROM reviews WHERE list_contains($call_ids, call_id);
DELETE FROM dispute_events WHERE list_contains($call_ids, call_id);
DELETE FROM calibration_queue WHERE list_contains($call_ids, call_id);
