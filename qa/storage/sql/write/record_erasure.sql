-- The erasure's audit row: what, when, by whom; never whose data or which calls.
INSERT INTO erasures (erasure_id, erased_at, erased_by, reason, request_ref,
                      calls_removed, reviews_removed, audio_removed)
VALUES ($erasure_id, $erased_at, $erased_by, $reason, $request_ref,
        $calls_removed, $reviews_removed, $audio_removed);
