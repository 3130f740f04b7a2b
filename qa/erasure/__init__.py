"""Erasure and retention (issue 12): a customer's or a call's data removed everywhere
callqa keeps it (database, snapshot, review desk, redacted audio, cached audio), with an
audit row that says what, when and by whom, never whose."""
