-- Runs still `running` when a new run starts were killed: say so, and when we noticed.
UPDATE runs SET status = 'interrupted', error = 'killed before it finished (noticed by the next run)'
WHERE status = 'running';
