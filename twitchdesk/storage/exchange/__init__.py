"""Moving a diary in and out of files: CSV for spreadsheets, JSON for everything.

Pure Python (no Qt). The pieces:

- `csv_format`: the spreadsheet columns of DESIGN.md, episodes only;
- `json_format`: full fidelity (episodes, daily check-ins, medicines, advice state), written
  with `json_text` (the standard library's indented text, at C-encoder speed);
- `snapshot`: reading everything the JSON export holds straight from the database;
- `importer`: `plan_import` (validate and compare with the diary, change nothing) and
  `apply_import` (one transaction: everything or nothing), with undo and redo;
- `bulk_insert`: the many new episodes and check-ins of an import, written in a few statements;
- `exporter`: building export bytes and writing them atomically.

Region names in imported files are resolved through anything with a `resolve(text)` method (the
body-map atlas from `twitchdesk.core.regions.load_atlas()`); it is passed in rather than imported,
because storage sits below core in the layers.
"""
