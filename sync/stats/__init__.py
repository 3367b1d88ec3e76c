"""Township statistics (statistics.md), split by indicator group; ``sync.statistics`` is the entry point."""
