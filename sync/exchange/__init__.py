"""What travels on the USB stick: installation keys, the signed and encrypted package container,
enrollment and receipts, export, the import pipeline (verify, plan, apply), the version-DAG merge,
conflicts, the township's villages and their PCs, recovery of a village from its township."""
