"""Scorecards → DuckDB rows: the writer's store, one transaction per call, the snapshot
readers open. Every statement is a `.sql` file in `sql/`: `schema.sql` and numbered
`migrations/` define the tables, `write/` holds what the writer runs, `read/` what it reads."""
