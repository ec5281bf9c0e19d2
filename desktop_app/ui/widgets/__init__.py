"""Custom-painted widgets: the sourcing matrix, capacity bars, timeline, heat map."""
