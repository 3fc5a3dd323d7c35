# Shortcuts for developers; the scripts are the source of truth.
.PHONY: demo test check fmt lint bench

demo:
	scripts/demo

test:
	scripts/test

check:
	scripts/check

fmt:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench:
	.venv/bin/python bench/render.py
	.venv/bin/python bench/parse.py
	.venv/bin/python bench/clocks.py
	.venv/bin/python bench/cases.py
