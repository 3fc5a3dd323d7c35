"""The demo province: agencies, staff of every role, a year of applications and
letters, the catalogue and a draft annual report (``gongkai demo``).

Demo seeding sits above every other app (it drives their services) and no app
imports it, so it never closes an import cycle.
"""
