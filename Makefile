# Uade — everyday commands. `make run` and `make test` work on a fresh machine with
# only Python 3.11: they create .venv and install what they need first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo test lint fmt typecheck check train eval bench load lock messages backup restore clean

help: ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

run: export DJANGO_DEBUG ?= 1
run: $(STAMP) ## Migrate, load the demo and serve on http://127.0.0.1:8000 with a worker and beat
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving Uade at http://$(HOST):$(PORT)/ with a Celery worker and beat; Ctrl-C stops all three."
	@$(BIN)/python -m config.devserver --address $(HOST):$(PORT)

test: $(STAMP) ## Lint, check the layers and migrations, run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check and format check, and the layers contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: $(STAMP) ## Format and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP) ## mypy (strict for app code)
	DJANGO_DEBUG=1 $(BIN)/mypy .

check: lint typecheck test ## Everything CI checks, plus mypy

train: $(STAMP) ## Retrain the sentence model from the seeds and ../shared/corpus
	@test -d $(SHARED)/corpus || { echo "make train needs $(SHARED)/corpus beside the project"; exit 2; }
	UADE_SHARED=$(SHARED) $(BIN)/python -m bench.train

eval: $(STAMP) ## Score extraction across documents and linking; fails below the quality floors (needs ../shared)
	@test -d $(SHARED)/corpus || { echo "make eval needs $(SHARED)/corpus beside the project"; exit 2; }
	UADE_SHARED=$(SHARED) $(BIN)/python -m bench.evaluate
	@UADE_SHARED=$(SHARED) $(BIN)/python -m bench.firing
	@echo "Linking, evidence-002 through the product (recall@3, top-1):"
	@DJANGO_DEBUG=1 $(BIN)/python -m bench.linking_pipeline
	@echo "Linking, hand-written development pairs (bench/linking_devset):"
	@$(BIN)/python -m bench.eval_linking_devset | tail -n 1

bench: $(STAMP) ## Run the benchmarks (reminders need DATABASE_URL=postgres://…)
	DJANGO_DEBUG=1 $(BIN)/python -m bench

load: $(STAMP) ## 50 users for 2 minutes, every write checked (needs DATABASE_URL=postgres://…); LOAD_ARGS=--faults=all adds faults
	DJANGO_DEBUG=1 $(BIN)/python -m bench load $(LOAD_ARGS)

messages: $(STAMP) ## Refresh locale/ru and locale/kk from the code and compile them (needs GNU gettext)
	DJANGO_DEBUG=1 $(MANAGE) makemessages --locale ru --locale kk --no-obsolete \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'static/vendor/*' --ignore 'tests/*' \
		--ignore 'bench/*' --ignore 'demo/*'
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --locale ru --locale kk --ignore '.venv/*'

backup restore: export DJANGO_DEBUG ?= 1
backup: $(STAMP) ## Back the database up into var/backups/ (BACKUP_DIR): pg_dump, or an SQLite copy
	$(MANAGE) backup

restore: $(STAMP) ## Replace the database with a backup: make restore FILE=var/backups/uade-….dump
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 2; }
	$(MANAGE) restore "$(FILE)"

lock: ## Re-resolve requirements/*.txt from pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --python-version 3.11 --no-header --no-annotate pyproject.toml -o requirements/base.txt
	$(BIN)/uv pip compile --python-version 3.11 --no-header --no-annotate --extra dev pyproject.toml -o requirements/dev.txt

clean: ## Remove the virtualenv and local data under var/
	rm -rf $(VENV) var
