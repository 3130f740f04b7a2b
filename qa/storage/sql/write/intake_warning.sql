INSERT INTO intake_warnings (run_id, files, reason, noted_at)
VALUES ($run_id, $files, $reason, $noted_at);
UPDATE runs SET warnings = warnings + 1 WHERE run_id = $run_id;
