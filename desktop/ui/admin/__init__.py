"""Administration dialogs: users and roles, settings."""
