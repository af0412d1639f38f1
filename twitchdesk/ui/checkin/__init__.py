"""The daily check-in: the day's possible triggers (caffeine, sleep, stress…) and medicines.

`CheckInDock` (or the `CheckInPanel` inside it) is what the main window adds; the day form and the
medicine list can also be used on their own.
"""
