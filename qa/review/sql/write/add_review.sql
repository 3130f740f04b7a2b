INSERT INTO reviews (review_id, call_id, rubric, rubric_digest, criterion_id, reviewer,
                     original_status, original_score, override_status, override_score,
                     comment, created_at)
VALUES ($review_id, $call_id, $rubric, $rubric_digest, $criterion_id, $reviewer,
        $original_status, $original_score, $override_status, $override_score,
        $comment, $created_at);
