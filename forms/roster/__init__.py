"""Excel rosters (花名册): reading the ones villages keep, writing ones townships file.

Pure Python over ``forms`` and openpyxl: no database, no Qt. ``read`` finds the header
and the data in a messy sheet and parses every row with the field types; ``write`` lays
records out as a roster; ``template`` makes an empty roster with drop-down lists. The
store glue (validation against the register, all-or-nothing import) is in
``sync.excel_import`` and ``sync.excel_export``.
"""
