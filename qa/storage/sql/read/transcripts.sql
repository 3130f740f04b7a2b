SELECT transcript FROM calls ORDER BY call_id;
