UPDATE runs SET rubric = $rubric WHERE run_id = $run_id;
