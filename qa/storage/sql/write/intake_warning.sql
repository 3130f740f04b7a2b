-- An entry left for the next run, or a problem with the inbox's metadata that lost nothing.
-- runs.warnings is set by finish_run (entries left alone only).
INSERT INTO intake_warnings (run_id, files, reason, noted_at)
VALUES ($run_id, $files, $reason, $noted_at);
