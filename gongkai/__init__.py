"""Gongkai (公开): a platform for Chinese government information disclosure work.

The package root imports nothing: `gongkai.annual` and `gongkai.workdays` are
framework-free and must stay importable without Django.
"""

__version__ = "0.1.0"
