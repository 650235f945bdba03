# patchwave: plain make, dependencies through pkg-config.
#   make            build ./patchwave
#   make demo       install missing packages, build, open the demo data
#   make check      install missing packages, build with ASan+UBSan, run every test
#   make screens    renew docs/screens/ (the TUI captured at 120x40)
#   make bench      benchmarks at scale (prints figures)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
CFLAGS	?= -O2 -g
PKGS	 = ncursesw sqlite3 libical yaml-0.1 json-c nettle libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN	 = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 \
	   -Wno-format-nonliteral
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined

LIB_SRC	 = $(wildcard util/*.c model/*.c storage/*.c import/*.c export/*.c action/*.c tui/*.c)
APP_SRC	 = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/test_*.c)

OBJ	 = $(patsubst %.c,build/obj/%.o,$(LIB_SRC) $(APP_SRC))
SAN_LIB	 = $(patsubst %.c,build/san/%.o,$(LIB_SRC))
SAN_APP	 = $(patsubst %.c,build/san/%.o,$(APP_SRC))
TESTS	 = $(patsubst tests/%.c,build/tests/%,$(TEST_SRC))
# Tests of the domain and the utilities (those that include nothing above
# model/) link against util/ and model/ alone, with no SQLite or curses: a
# model file that called a layer above it would not link.
MODEL_SRC = $(wildcard util/*.c model/*.c)
MODEL_PKGS = libical json-c nettle
MODEL_TEST_SRC := $(shell grep -L '"\.\./\(storage\|import\|export\|action\|tui\|cli\)/' $(TEST_SRC))
MODEL_TESTS = $(patsubst tests/%.c,build/tests/%,$(MODEL_TEST_SRC))
SAN_MODEL = $(patsubst %.c,build/san/%.o,$(MODEL_SRC))

.PHONY: all demo check check-valgrind layers unit e2e tui screens pack-preview interop bench bench-build install clean deps deps-check fuzz fuzz-check

all: patchwave

patchwave: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS) -lm

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/san/patchwave: $(SAN_LIB) $(SAN_APP)
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS) -lm

$(MODEL_TESTS): build/tests/%: tests/%.c $(SAN_MODEL)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $< $(SAN_MODEL) \
	    $$(pkg-config --libs $(MODEL_PKGS) cmocka) -lm

build/tests/%: tests/%.c $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $< $(SAN_LIB) $(PKG_LIBS) \
	    $$(pkg-config --cflags --libs cmocka) -lm

# The same tests without sanitizers, for valgrind (make check-valgrind).
LIB_OBJ	 = $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
VG_TESTS = $(patsubst tests/%.c,build/vg/%,$(TEST_SRC))

build/vg/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS) \
	    $$(pkg-config --cflags --libs cmocka) -lm

# Every unit test and the CLI end-to-end tests under valgrind memcheck: any
# error or definite leak fails.
check-valgrind: deps-check
	@$(MAKE) --no-print-directory -j2 patchwave $(VG_TESTS)
	@sh tests/valgrind.sh ./patchwave $(VG_TESTS)

deps:
	@sh scripts/deps.sh build

deps-check:
	@sh scripts/deps.sh check

# Set-up first, then a fresh make so pkg-config sees what was just installed.
demo: deps
	@$(MAKE) --no-print-directory patchwave
	@sh demo/run.sh ./patchwave

check: deps-check
	@$(MAKE) --no-print-directory -j2 patchwave build/san/patchwave $(TESTS) $(FUZZ_BIN)
	@$(MAKE) --no-print-directory layers unit e2e tui interop fuzz-check bench-build

# No upward calls between the layers, no files calling each other in a loop.
layers:
	@/usr/bin/python3 tests/layers.py

unit: $(TESTS)
	@sh tests/run_unit.sh $(TESTS)

e2e: build/san/patchwave patchwave
	@sh tests/e2e/all.sh build/san/patchwave ./patchwave

# The terminal UI in tmux; "make screens" renews docs/screens/ from it.
tui: build/san/patchwave
	@sh tests/e2e/tui.sh build/san/patchwave

screens: build/san/patchwave
	@sh tests/e2e/tui.sh build/san/patchwave --update-screens

# The CAB pack's first printed page, committed as docs/pack-preview.png, and
# report sla's as docs/sla-report-preview.png.
pack-preview: patchwave
	@/usr/bin/python3 tests/interop/pack_check.py ./patchwave docs/pack-preview.png
	@/usr/bin/python3 tests/interop/sla_check.py ./patchwave docs/sla-report-preview.png

interop: build/san/patchwave
	@sh tests/interop/run.sh build/san/patchwave

# make bench's peers, built (not run) by make check: what they link moves
# with the code.
bench-build:
	@sh bench/build.sh && echo "bench-build: the peers make bench measures against build"

bench: deps-check
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory patchwave
	@sh bench/run.sh ./patchwave
	@/usr/bin/python3 bench/optimal.py ./patchwave build/bench/optimal

install: patchwave
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 patchwave $(DESTDIR)$(BINDIR)/patchwave
	install -m 0644 docs/patchwave.1 $(DESTDIR)$(MANDIR)/man1/patchwave.1

clean:
	rm -rf build patchwave

-include $(OBJ:.o=.d) $(SAN_LIB:.o=.d) $(SAN_APP:.o=.d) $(TESTS:=.d)

# Fuzzing (clang's libFuzzer), one target per importer, over library objects
# built once with coverage: make fuzz FUZZ_SECONDS=600; make check runs each
# for FUZZ_CHECK_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 20
FUZZ_TARGETS = csv yaml json ical calcheck policy \
	ssm-patches ssm-states ssm-compliance ssm-available azure-assess xccdf \
	dnf dnf5 apt csaf updateinfo nessus nessus-csv tenable-sc tenable-vm \
	qualys-vmdr qualys-xml ec2-events gcp-maintenance azure-maintenance \
	rds-pending aws-health ssm-windows undo-blob
FUZZ_CFLAGS = $(WARN) -D_GNU_SOURCE $(PKG_CFLAGS) -g -O1 \
	      -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJ = $(patsubst %.c,build/fuzzobj/%.o,$(LIB_SRC))
FUZZ_BIN = $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

# Kept: made only for a pattern rule, make would delete them after each fuzzer.
.SECONDARY: $(FUZZ_OBJ)

build/fuzzobj/%.o: %.c
	@mkdir -p $(dir $@)
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_import.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_TARGET='"$*"' \
	    -o $@ tests/fuzz/fuzz_import.c $(FUZZ_OBJ) $(PKG_LIBS) -lm

fuzz: deps-check $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-check: $(FUZZ_BIN)
	@FUZZ_SEED=1 sh tests/fuzz/run.sh $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)

-include $(FUZZ_OBJ:.o=.d)
