-- Runs still `running` when a new run starts were killed: say so.
UPDATE runs SET status = 'interrupted' WHERE status = 'running';
