"""TwitchDesk: an offline, private diary for muscle twitches."""

__version__ = "0.1.0"
APP_NAME = "TwitchDesk"
APP_ID = "twitchdesk"
ORGANIZATION = "TwitchDesk"
