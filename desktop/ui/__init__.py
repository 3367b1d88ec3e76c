"""The Qt window of Cunwu. Every module in this package may import Qt; nothing outside ``desktop/`` does."""
