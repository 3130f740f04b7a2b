INSERT INTO calibration_queue VALUES ($sample_id, $call_id, $rubric, $why, $added_at);
