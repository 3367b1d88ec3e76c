"""What is computed from a store for people to read: statistics (``statistics`` and ``stats/``),
who counts (``counting``), the register book's content and the statistics workbook."""
