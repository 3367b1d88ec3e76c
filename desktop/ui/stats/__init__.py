"""Statistics pages of both windows: figures, charts, the records behind a figure."""
