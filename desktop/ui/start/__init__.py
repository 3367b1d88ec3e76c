"""Starting the program: the first-run wizard (a village or a township) and the login."""
