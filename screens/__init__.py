"""One module (or package) per screen of bilateral, with their widgets and dialogs."""
