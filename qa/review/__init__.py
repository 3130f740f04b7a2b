"""The QA lead's desk (issue 11): a local web app over the stored calls — call list, call
page with transcript, audio and the rubric item by item — and human reviews kept beside,
never over, the automatic scorecard. Reads the published snapshot; writes only reviews."""
