"""Township statistics (statistics.md), split by indicator group; ``sync.reports.statistics`` is
the entry point."""
