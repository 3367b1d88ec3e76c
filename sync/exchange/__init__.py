"""What travels on the USB stick: installation keys, the signed and encrypted package container,
enrollment and receipts, export, the import pipeline (verify, plan, apply), the version-DAG merge,
conflicts, the township's villages and their PCs, recovery of a village from its township; and
the same chain one level up (``level``: village → township, township → county; ``county``: the
county's link, its township-bound enrollment file and what it notes of each upward package;
``delivery``: a township's upward export as one folder on the stick, whole or absent)."""
