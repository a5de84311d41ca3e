# StationDesk — the two commands a new user needs:
#   make run    installs what is missing, builds, and opens the app on its embedded database
#   make test   installs what is missing and passes every test
.PHONY: run dev display test setup setup-test ui app bundle bundle-windows test-windows lint unit e2e bench load measure demo clean

export PATH := $(HOME)/.cargo/bin:$(PATH)
# Incremental caches only help an edit-compile loop; on CI they only take disk.
ifeq ($(CI),true)
export CARGO_INCREMENTAL := 0
endif
TAURI := ui/node_modules/.bin/tauri
APP := target/release/stationdesk

setup:
	@scripts/setup.sh app

setup-test:
	@scripts/setup.sh test

ui: setup
	cd ui && npm run build

# The release app with the UI embedded (no installer).
app: ui
	$(TAURI) build --no-bundle

# Checks for a display first, so a headless machine hears it in one line, not after a build.
run: display app
	$(APP)

# The UI in a plain browser against the real core: the dev server (stationdesk-server on
# 127.0.0.1:1421, a fresh database with 300 demo cases) and Vite on http://localhost:1420/.
# Ctrl-C stops both.
DEV_DB := $(or $(CARGO_TARGET_DIR),target)/dev/stationdesk-dev.db
dev: setup
	cargo build -p stationdesk-server
	rm -rf $(dir $(DEV_DB)) && mkdir -p $(dir $(DEV_DB))
	$(or $(CARGO_TARGET_DIR),target)/debug/stationdesk-server --db $(DEV_DB) --demo 300 & server=$$!; \
	trap 'kill $$server' EXIT INT TERM; \
	cd ui && npm run dev

display:
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display here (DISPLAY and WAYLAND_DISPLAY are unset); StationDesk is a desktop window — run it on a desktop, or under xvfb-run"; \
		exit 1; \
	fi

# Installers: .deb and .rpm in target/release/bundle/ (AppImage needs a download, so not here);
# the .deb repacked with xz (scripts/repack-deb.sh: the same files, a quarter smaller).
bundle: ui
	$(TAURI) build --bundles deb,rpm
	scripts/repack-deb.sh

# The Windows installer, cross-built here offline (mingw-w64, Debian's makensis; not part of
# make test): StationDesk_<version>_x64-setup.exe in
# target/x86_64-pc-windows-gnu/release/bundle/nsis/, then installed, used (the CLI) and
# uninstalled silently under Wine (scripts/windows/check-installer.sh).
bundle-windows: ui
	scripts/windows/bundle.sh

# The model, notice, core and CLI tests cross-built for Windows and run under Wine (SQLite
# only; not part of make test).
test-windows:
	scripts/windows/test.sh

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cd ui && npm run lint

# Core, store, CLI and the bindings drift check (regenerates ui/src/bindings.ts and fails if it
# changed), then the store's tests again on a real PostgreSQL server (the district backend),
# and the district's backups tried end to end (pg_dump, and one station's backup and restore).
unit: ui
	cargo test --workspace --locked
	scripts/pg-test.sh cargo test -p stationdesk-core --test store --locked
	scripts/pg-test.sh scripts/load.sh 120
	scripts/pg-test.sh scripts/district-backup-check.sh
	cd ui && npm test

e2e: setup-test bundle
	scripts/e2e.sh

test: setup-test lint unit bundle e2e
	@echo "make test: all checks passed"

# Both backends side by side (SQLite file, then a fresh database on this machine's
# PostgreSQL server through a station's own login), then the street office's dashboard
# over BENCH_STATIONS stations of BENCH_STATION_CASES cases each (20 × 100 000 loads for
# about half an hour; `make bench BENCH_STATION_CASES=5000` for a quick look).
BENCH_SIZES ?= 10000,100000
BENCH_STATIONS ?= 20
BENCH_STATION_CASES ?= 100000
bench: setup-test
	cargo build --release --locked -p stationdesk-cli
	scripts/pg-test.sh sh -c 'target/release/stationdesk-cli bench --cases $(BENCH_SIZES) --pg "$$STATIONDESK_TEST_PG" \
		--district $(BENCH_STATIONS) --district-cases $(BENCH_STATION_CASES)'

# Eight stations writing to a real PostgreSQL server for ten minutes, restarted half way.
load: setup-test
	scripts/pg-test.sh scripts/load.sh 600 release

# Run by hand, never by make test: first paint under Xvfb beside a bare WebKitGTK window
# (MiniBrowser), PSS with a 100 000-case register open beside MiniBrowser showing ui/dist,
# and the installers' sizes (scripts/measure.sh says how each is measured).
measure: setup-test bundle
	cargo build --release --locked -p stationdesk-cli
	scripts/measure.sh

demo:
	cargo run --release -p stationdesk-cli -- init --station-code RA --station-name 荣傲家园社区微言服务站 || true
	cargo run --release -p stationdesk-cli -- demo --cases 2000

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules test-output
