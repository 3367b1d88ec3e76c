"""The village clerk's main window and what is wired into it (menus, tools)."""
