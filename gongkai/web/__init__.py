"""Shared web patterns every app uses: action views (``actions``) and action forms."""
