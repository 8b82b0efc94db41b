"""Live notes: the note-taker's screen, its marking dialogs and the wrap-up."""
