# keygate: the two commands a new machine needs are `make run` and `make test`.
# Both install what is missing (Debian packages via apt-get), configure and build first.

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
KEYGATE := $(BUILD)/keygate
# make install: where (PREFIX, chosen at configure time: the unit names the binary's path), and
# DESTDIR for staging (packages, tests).
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all deps configure build install run test test-odoo unit integration integration-pg bench bench-backends bench-scale bench-pbkdf2 bench-soak bench-gateway fuzz format format-check tidy clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null

build: configure
	@cmake --build $(BUILD)

# The binary, its man page, bash and zsh completions, the systemd unit keygate.service and the
# example /etc/keygate/keygate.conf (an existing one is kept; README, "Deployment").
install: build
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

# Starts keygate on a demo database (created if absent) and prints a ready-to-paste snippet.
run: build
	@scripts/run-demo.sh $(KEYGATE)

# Every test: unit tests (CTest), then end-to-end tests against the real binary, on SQLite and
# on PostgreSQL. Tests that need PostgreSQL get a throwaway cluster from scripts/with-postgres.sh.
test: build
	@$(MAKE) --no-print-directory unit integration integration-pg

unit:
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j2 --timeout 300

integration:
	@KEYGATE_BIN=$(abspath $(KEYGATE)) /usr/bin/python3 -m pytest -q tests/integration -p no:cacheprovider

integration-pg:
	@scripts/with-postgres.sh env KEYGATE_TEST_BACKEND=pg KEYGATE_BIN=$(abspath $(KEYGATE)) \
	  /usr/bin/python3 -m pytest -q tests/integration -p no:cacheprovider

# The differential suite (tests/differential): the same cases against a real Odoo 18 (started
# fresh from its demo database by ODOO18/start-odoo.sh) and a real Odoo 19 for JSON-2 (likewise,
# ODOO19/start-odoo.sh), both stopped afterwards unless ODOO_KEEP=1, and against keygate; real
# clients (Python's and npm's, installed into the build directory) run one scenario on both.
# Then the gateway suite (tests/gateway): keygate attached to the Odoo 18 database and serving in
# front of it (--upstream-url). Needs the references beside the clone (../shared/odoo18,
# ../shared/odoo19).
ODOO18 ?= ../shared/odoo18
ODOO_WORKDIR ?= /tmp/odoo18-ref
ODOO_PORT ?= 8169
ODOO_PG_PORT ?= 5499
ODOO19 ?= ../shared/odoo19
ODOO19_WORKDIR ?= /tmp/odoo19-ref
ODOO19_PORT ?= 8179
ODOO19_PG_PORT ?= 5519
ODOO_KEEP ?= 0

test-odoo: build
	@test -x $(ODOO18)/start-odoo.sh || { echo "no reference Odoo 18 in $(ODOO18)" >&2; exit 1; }
	@test -x $(ODOO19)/start-odoo.sh || { echo "no reference Odoo 19 in $(ODOO19)" >&2; exit 1; }
	@$(ODOO18)/start-odoo.sh --fresh --workdir $(ODOO_WORKDIR) --port $(ODOO_PORT) \
	  --pg-port $(ODOO_PG_PORT) >/dev/null
	@$(ODOO19)/start-odoo.sh --fresh --workdir $(ODOO19_WORKDIR) --port $(ODOO19_PORT) \
	  --pg-port $(ODOO19_PG_PORT) >/dev/null
	@rc=0; DIFF_ODOO_URL=http://127.0.0.1:$(ODOO_PORT) DIFF_ODOO_DB=odoo18 \
	  DIFF_ODOO_WORKDIR=$(ODOO_WORKDIR) DIFF_ODOO_SHARED=$(abspath $(ODOO18)) \
	  DIFF_ODOO19_URL=http://127.0.0.1:$(ODOO19_PORT) DIFF_ODOO19_DB=odoo19 \
	  DIFF_ODOO19_WORKDIR=$(ODOO19_WORKDIR) DIFF_ODOO19_SHARED=$(abspath $(ODOO19)) \
	  DIFF_NPM_PREFIX=$(abspath $(BUILD))/differential-npm \
	  KEYGATE_BIN=$(abspath $(KEYGATE)) /usr/bin/python3 -m pytest -q tests/differential \
	  -p no:cacheprovider || rc=$$?; \
	  GATEWAY_ODOO_URL=http://127.0.0.1:$(ODOO_PORT) GATEWAY_ODOO_DB=odoo18 \
	  GATEWAY_ODOO_WORKDIR=$(ODOO_WORKDIR) GATEWAY_ODOO19_URL=http://127.0.0.1:$(ODOO19_PORT) \
	  GATEWAY_ODOO19_DB=odoo19 GATEWAY_ODOO19_WORKDIR=$(ODOO19_WORKDIR) \
	  KEYGATE_BIN=$(abspath $(KEYGATE)) \
	  /usr/bin/python3 -m pytest -q tests/gateway -p no:cacheprovider || rc=$$?; \
	  if [ "$(ODOO_KEEP)" != 1 ]; then \
	    $(ODOO18)/stop-odoo.sh --workdir $(ODOO_WORKDIR) >/dev/null; \
	    $(ODOO19)/stop-odoo.sh --workdir $(ODOO19_WORKDIR) >/dev/null; \
	  fi; exit $$rc

bench: build
	@bench/run.sh $(KEYGATE)

# The same hot paths on SQLite and on a throwaway PostgreSQL cluster, as ratios.
bench-backends: build
	@scripts/with-postgres.sh bench/backends.sh $(KEYGATE)

# 1,000,000 keys and 100,000 users against 1,000 of each, on SQLite and PostgreSQL, as ratios.
bench-scale: build
	@scripts/with-postgres.sh /usr/bin/python3 bench/scale.py $(KEYGATE)

# Uncached verification: keygate's PBKDF2-HMAC-SHA512 against OpenSSL's PKCS5_PBKDF2_HMAC, as a ratio.
bench-pbkdf2: build
	@bench/pbkdf2.sh $(BUILD)/bench/pbkdf2_bench

# A well-behaved client's throughput under hostile traffic, as a ratio of its throughput alone.
bench-soak: build
	@/usr/bin/python3 bench/soak.py $(KEYGATE)

# Gateway mode: execute_kw straight to the real Odoo 18 and through keygate, as a ratio; then
# keygate's own cost per call in front of nginx answering a fixed response (p50 and p99).
bench-gateway: build
	@ODOO18=$(ODOO18) /usr/bin/python3 bench/gateway.py $(KEYGATE)

# libFuzzer targets (fuzz/) with ASan and UBSan, built with clang in FUZZ_BUILD, each run for
# FUZZ_SECONDS; new inputs that reach new code are merged into fuzz/corpus/<target>. One target
# longer: make fuzz FUZZ_TARGETS=models FUZZ_SECONDS=3600.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= xmlrpc json key_scope client_address py_literal csv models http

fuzz: deps
	@command -v clang++ >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 1; }
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DKEYGATE_FUZZ=ON -DKEYGATE_WERROR=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) --target $(addsuffix _fuzz,$(FUZZ_TARGETS))
	@scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

tidy: configure
	@git ls-files 'src/*.cc' | grep -v _test.cc | xargs clang-tidy -p $(BUILD) --quiet

clean:
	@rm -rf $(BUILD)
