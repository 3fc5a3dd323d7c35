"""The annual report (政府信息公开工作年度报告), framework-free.

- ``formats``: the 2019 and 2021 national formats as data (the one source of truth);
- ``model``: ``Report`` and its cells (number, blank, or literal text);
- ``jsonio``: the ``gongkai-annual-report/1`` JSON format and its JSON Schema;
- ``rules``: the rule catalogue that checks a report and yields findings;
- ``render``: HTML, Word (.docx) and PDF in the official layout;
- ``parse``: published reports (text, HTML, Word, PDF) back into a ``Report``.

Nothing here imports Django; ``gongkai/annual/tests/test_purity.py`` proves it.
"""
