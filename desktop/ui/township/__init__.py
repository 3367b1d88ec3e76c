"""The township's window: villages and their PCs, merged registers, conflict review, import log,
data status, cross-village checks, choice lists."""
