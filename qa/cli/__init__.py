"""`callqa`: one command per job, on top of every stage (nothing below imports it)."""
