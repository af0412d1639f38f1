"""Parts of the Advice panel (twitchdesk/ui/advice_panel.py): cards, colours, undo commands."""
