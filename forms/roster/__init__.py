"""Excel rosters (花名册): reading the ones villages keep, writing ones townships file.

Pure Python over ``forms``, openpyxl and xlrd: no database, no Qt. ``workbook`` (and
``legacy`` for .xls and CSV) loads any roster file into grids; ``read`` finds the header
and the data in a messy sheet (``layout``, ``columns``, ``rows``) and parses every row with
the field types (``values``, ``formats``); ``write`` lays records out as a roster;
``template`` makes an empty roster with drop-down lists. The store glue (validation
against the register, all-or-nothing import, reports, refused rows as a file) is in
``sync.excel.roster_import``, ``sync.excel.import_report``, ``sync.excel.rejects`` and
``sync.excel.roster_export``.
"""
