"""Every rule of law Gongkai applies, once, with its citation as data — framework-free.

- ``citations``: :class:`Instrument` and :class:`Citation` (条/款/项 as numbers).
- ``instruments``: the instruments cited (条例, 信息处理费管理办法, 行政复议法 …).
- ``provisions``: every provision cited, with the words carrying the rule.
- ``periods``: the statutory periods in working days (Arts. 26, 30–34, fee
  payment) and their messages.
- ``outcomes``: outcome family → grounds → table 三 leaf row key.
- ``rights``: the remedies a reply states (行政复议, 行政诉讼, 复议前置).
- ``fees``: the 按件 and 按量 schedules of the fee measures.
- ``reports``: the annual-report deadlines by reporter (Art. 49, the 2021 format).

Imports no Django; ``gongkai.annual.formats`` is the only other package it reads
(for the table 三 keys and labels). Tested on its own (``gongkai/law/tests``).
"""

from __future__ import annotations

from gongkai.law.citations import Citation, Instrument, chinese_number, cite_all_zh

__all__ = ["Citation", "Instrument", "chinese_number", "cite_all_zh"]
