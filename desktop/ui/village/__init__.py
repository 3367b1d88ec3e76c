"""The village clerk's main window and what is wired into it (menus, tools); the parts take the
window as the ``window_api.VillageWindow`` protocol, so they need not import the window."""
