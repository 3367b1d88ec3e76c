"""A register on screen, in both windows: the list (ids, not rows), the generated record form and its
editors, history, checks, undo, drafts, and Excel import and export."""
