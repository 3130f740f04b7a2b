-- A re-score replaces one rubric's scorecard of one call, leaving other rubrics' beside it.
DELETE FROM scorecards WHERE call_id = $call_id AND rubric = $rubric;
DELETE FROM criterion_results WHERE call_id = $call_id AND rubric = $rubric;
DELETE FROM call_metrics WHERE call_id = $call_id AND rubric = $rubric;
