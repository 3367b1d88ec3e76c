"""The Qt-free core of Cunwu: what the window and the ``cunwu`` command ask of.

``sync.store``    the local database: records with their version history, users, settings
``sync.exchange`` USB-stick packages: keys, signed containers, export, import, merge, trust
``sync.reports``  statistics and the register book's content, computed from a store
``sync.excel``    Excel rosters in and out, over ``forms.roster``
``sync.demo``     realistic demo villages and townships
"""
