UPDATE runs SET quarantined = quarantined + 1 WHERE run_id = $run_id;
