"""Drawing shared by the window and the printed report: QtGui painting and matplotlib charts.

No widgets here (the report must work headless), and nothing here imports twitchdesk.ui.
"""
