"""`auditor serve`: on-demand audits over HTTP, safe to expose (issue 6)."""
