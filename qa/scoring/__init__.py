"""Transcript → scorecard contract: the service rubric (YAML in `rubrics/`), the heads its
exemplars train, the scorer, timing metrics, the resolution decision, a keyword baseline,
whether a call holds a conversation at all, and the probe call a rubric's dry run scores."""
