"""The workshop document (one SQLite file) and the JSON interchange. No Qt."""
