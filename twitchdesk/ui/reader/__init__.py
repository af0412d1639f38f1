"""Parts of the Reader panel (twitchdesk/ui/reader_panel.py), kept apart to keep each file small."""
