"""Parts both windows share: message boxes, navigation, list models, window and screen fitting,
the database worker, translation, the error hook."""
