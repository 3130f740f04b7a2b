-- Rows arrive as one Arrow batch (`incoming_batch`), columns matched by name.
INSERT INTO redactions BY NAME SELECT * FROM incoming_batch;
