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

.PHONY: run test setup setup-tools app server fmt-check clippy test-native test-wasm test-e2e bench bench-domain bench-size bench-canvas screenshots clean

run: setup-tools app server
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "Cairn: http://$(ADDR)  (fresh database $(DEMO_DB) with the five example journeys; Ctrl+C stops)"
	$(SERVER_BIN) --addr $(ADDR) --db $(DEMO_DB) --dist dist --seed

test: setup fmt-check clippy test-native test-wasm app server test-e2e
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

bench: setup bench-domain bench-size bench-canvas

bench-domain:
	cargo bench --locked -p cairn-domain --bench domain

# The app's initial download: every file of dist/ the page loads, gzipped (-9).
bench-size: app
	@total=0; for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do \
	  n=$$(gzip -9c "$$f" | wc -c); total=$$((total + n)); \
	  printf '%-48s %8d bytes raw %8d bytes gzip\n' "$$f" "$$(wc -c < "$$f")" "$$n"; done; \
	echo "bench: initial download, gzip: $$total bytes"

# Canvas render and edit times in headless Chromium (ignored tests in tests/canvas_bench.rs).
bench-canvas:
	cargo test --locked --release -p cairn-app --target wasm32-unknown-unknown --test canvas_bench -- --include-ignored --nocapture

# Pictures of the builder on the cart-abandonment journey, in target/screenshots/.
screenshots: setup app server
	CAIRN_SERVER_BIN=$(CURDIR)/$(SERVER_BIN) CAIRN_DIST=$(CURDIR)/dist cargo test --locked -p cairn-e2e --test screenshots -- --ignored --nocapture

clean:
	cargo clean
	rm -rf dist
