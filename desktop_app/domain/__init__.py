"""The workshop model, its commands and its health check. Pure Python: no Qt."""
