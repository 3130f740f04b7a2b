-- Rows arrive as one Arrow batch (`incoming_batch`), columns matched by name.
INSERT INTO criterion_results BY NAME SELECT * FROM incoming_batch;
