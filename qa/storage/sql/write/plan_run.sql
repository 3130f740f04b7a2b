UPDATE runs SET calls_found = $calls_found, skipped = $skipped WHERE run_id = $run_id;
