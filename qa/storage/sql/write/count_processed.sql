-- In the call's own transaction: a killed run's counters are true.
UPDATE runs SET processed = processed + 1, audio_seconds = audio_seconds + $audio_seconds
WHERE run_id = $run_id;
