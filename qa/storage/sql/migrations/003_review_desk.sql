-- 003: the QA lead's review desk (issue 11).
-- Which channel of a stereo file is the agent, so the desk can play the call agent-left
-- (NULL for two-file and mono calls: their legs are known from the files).
ALTER TABLE calls ADD COLUMN agent_channel VARCHAR;

-- Reviews moved to their own file beside this one (`<db>.reviews.duckdb`, qa/review):
-- a nightly run holds this file for hours and reviews must be accepted at any time.
-- Nothing ever wrote this table.
DROP TABLE reviews;
