# Cairn: two commands for a fresh machine.
#   make run   - installs what is missing, builds the app, starts the server with sample data
#   make test  - installs what is missing, runs every check and test
# Everything else here is a step of those two (and `make bench`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Headless Chromium as root needs --no-sandbox; the rest keeps it off the closed network.
export CAIRN_CHROME_ARGS ?= --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-default-apps

SERVER_BIN := target/server/cairn-server
ADDR ?= 127.0.0.1:8080
DEMO_DB ?= data/demo.db

.PHONY: run test setup setup-tools app server fmt-check clippy test-native test-wasm test-e2e bench bench-domain bench-size bench-canvas screenshots clean bench-estimate bench-ingest bench-memory test-segment-client

run: setup-tools app server
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "Cairn: http://$(ADDR)  (fresh database $(DEMO_DB): the five example journeys, the request inbox, 50,000 sample profiles and their events; Ctrl+C stops)"
	$(SERVER_BIN) --addr $(ADDR) --db $(DEMO_DB) --dist dist --seed --sample-data

test: setup fmt-check clippy test-native test-wasm app server test-e2e test-segment-client
	@echo "make test: every check passed"

# Tools: wasm32 target, Trunk, wasm-bindgen-cli (= Cargo.lock), Chromium + ChromeDriver.
setup:
	@scripts/setup.sh all

# `make run` needs no browser.
setup-tools:
	@scripts/setup.sh tools

app:
	trunk build --release --offline

server:
	cargo build -p cairn-server --profile server --locked

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --locked -p cairn-domain -p cairn-server -p cairn-e2e --all-targets -- -D warnings
	cargo clippy --locked -p cairn-app --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test --locked -p cairn-domain -p cairn-server

# Components in headless Chromium (runner and flags: .cargo/config.toml, webdriver.json).
test-wasm:
	cargo test --locked -p cairn-app --target wasm32-unknown-unknown

# The real server and the built app, driven through WebDriver.
test-e2e:
	CAIRN_SERVER_BIN=$(CURDIR)/$(SERVER_BIN) CAIRN_DIST=$(CURDIR)/dist cargo test --locked -p cairn-e2e -- --test-threads=1

bench: setup bench-domain bench-size bench-canvas bench-estimate bench-ingest bench-memory

bench-domain:
	cargo bench --locked -p cairn-domain --bench domain

# The app's downloads, gzip -9 as served: the initial download (any route),
# then what each lazily loaded page adds (scripts/bench_size.py).
bench-size: app
	python3 scripts/bench_size.py dist

# Canvas render and edit times in headless Chromium (ignored tests in tests/canvas_bench.rs).
bench-canvas:
	cargo test --locked --release -p cairn-app --target wasm32-unknown-unknown --test canvas_bench -- --include-ignored --nocapture

# Estimates of the seed examples' entry conditions over the sample data (50,000
# profiles, ~1,000,000 messages): the in-memory index against the same count in SQLite.
bench-estimate:
	cargo run --locked -q -p cairn-server --profile server --example bench_estimate

# Events per second through POST /v1/batch over loopback HTTP, durable.
bench-ingest:
	cargo run --locked -q -p cairn-server --profile server --example bench_ingest

# The server's memory (VmRSS) once it holds the sample data, and the seeding time.
bench-memory: server
	@tmp=$$(mktemp -d); trap 'kill $$pid 2>/dev/null; rm -rf $$tmp' EXIT; \
	$(SERVER_BIN) --addr 127.0.0.1:0 --db $$tmp/cairn.db --dist dist --sample-data >$$tmp/out 2>$$tmp/err & pid=$$!; \
	for i in $$(seq 1 1200); do grep -q 'listening on' $$tmp/out && break; sleep 0.1; done; \
	grep -q 'listening on' $$tmp/out || { cat $$tmp/err; exit 1; }; \
	grep 'sample data:.*profiles' $$tmp/err | sed 's/^cairn: /bench: /'; \
	echo "bench: server memory holding the sample data: $$(awk '/VmRSS/ {printf "%.0f MB", $$2/1024}' /proc/$$pid/status) RSS"

# Segment's own Python library against the server (needs python3 and PyPI).
test-segment-client: server
	scripts/segment_client_check.sh $(SERVER_BIN)

# Pictures of the builder on the cart-abandonment journey, in target/screenshots/.
screenshots: setup app server
	CAIRN_SERVER_BIN=$(CURDIR)/$(SERVER_BIN) CAIRN_DIST=$(CURDIR)/dist cargo test --locked -p cairn-e2e --test screenshots -- --ignored --nocapture

clean:
	cargo clean
	rm -rf dist
