"""matplotlib charts for the Trends panel and the report.

Every module here imports matplotlib at the top, so nothing imports them until a chart is
needed (the first time the Trends panel is shown, or when a report is built). This package
file itself stays empty so importing it costs nothing.
"""
