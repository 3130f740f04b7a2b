-- A run begins: its row says `running` until finish_run (or the next run's mark_interrupted).
INSERT INTO runs (run_id, flow_run_id, inbox, started_at, status, asr_model, rubric)
VALUES ($run_id, $flow_run_id, $inbox, $started_at, 'running', $asr_model, $rubric);
