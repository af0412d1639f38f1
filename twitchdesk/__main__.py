import sys

from twitchdesk.app import main

sys.exit(main())
