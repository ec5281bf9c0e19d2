"""Qt item models: thin adapters over the domain's lists."""
