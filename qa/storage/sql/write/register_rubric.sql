INSERT INTO rubrics (rubric, digest, first_used_at) VALUES ($rubric, $digest, $first_used_at);
