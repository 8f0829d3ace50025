# SPDX-License-Identifier: ISC
# cetrack: build, test, install.
#
#   make              build build/cetrack (and the library and tests' deps)
#   make check        unit tests, CLI tests, then the same under ASan/UBSan
#   make run          install missing packages, build, initialise and show status
#   make install      PREFIX=/usr/local DESTDIR= (DESTDIR only here)
#   make SANITIZE=address,undefined   sanitized build in build/san/
#   make DEVELOPER=0  no -Werror (distribution builds with newer compilers)

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR   ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR     ?= $(shell pkg-config systemd --variable=systemdsystemunitdir 2>/dev/null || echo /lib/systemd/system)
SYSTEMDUSERUNITDIR ?= $(shell pkg-config systemd --variable=systemduserunitdir 2>/dev/null || echo /usr/lib/systemd/user)
SYSUSERSDIR        ?= $(shell pkg-config systemd --variable=sysusersdir 2>/dev/null || echo /usr/lib/sysusers.d)
TMPFILESDIR        ?= $(shell pkg-config systemd --variable=tmpfilesdir 2>/dev/null || echo /usr/lib/tmpfiles.d)

CC       ?= cc
CFLAGS   ?= -O2 -g
DEVELOPER ?= 1
SANITIZE ?=

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wpointer-arith -Wwrite-strings -Wformat=2 -Wvla -Wcast-qual \
       -Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

INIPARSER_CFLAGS ?= -I/usr/include/iniparser
INIPARSER_LIBS   ?= -liniparser
PKGS = sqlite3 libcurl jansson libcrypto nettle pangocairo libical
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lcurl -ljansson -lcrypto -lnettle -lpangocairo-1.0 -lpango-1.0 -lcairo -lgobject-2.0 -lglib-2.0 -lical)
# The light cetrack and the resident cetrackd (FULL_SRC below) need no
# PDF, calendar or network, and no OpenSSL: their SHA-256 (certificates,
# webhook ids) is nettle's, whose 0.3 MB load in ~0.3 ms where libcrypto's
# 4.5 MB and 19,000 relocations cost ~2-3 ms of every start; so is the
# base64 of the webhook secret (lib/base/secret.c: `check`, cetrackd and
# `notify new-secret` read or make it). HMAC and the signature's base64
# stay on OpenSSL, which the full programs load for libcurl anyway.
CRITERION_LIBS := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

ifneq ($(SANITIZE),)
BUILD ?= build/san
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= build
SAN_FLAGS =
endif

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DCETRACK_VERSION='"$(VERSION)"' \
	-Ilib -I$(BUILD)/gen $(INIPARSER_CFLAGS) $(PKG_CFLAGS) \
	$(WARN) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
# --as-needed: a program records only the libraries it uses (cetrackd has
# no use for pango/cairo).
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS) -Wl,--as-needed
# libcsv ships no pkg-config file.
CSV_LIBS ?= -lcsv
LIBS = $(INIPARSER_LIBS) $(PKG_LIBS) $(CSV_LIBS) -lm

LIB_SRC  = $(sort $(wildcard lib/*/*.c))
CLI_SRC  = $(sort $(wildcard cli/*.c))
DAEMON_SRC = $(sort $(wildcard daemon/*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
GEN_SRC  = $(BUILD)/gen/embedded.c

LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
DAEMON_OBJ = $(DAEMON_SRC:%.c=$(BUILD)/%.o)
DAEMON_BIN = $(if $(DAEMON_SRC),$(BUILD)/cetrackd $(BUILD)/cetrackd-full)

# The sources only the full programs, cetrack-full and cetrackd-full, link
# (cli/cli.h, daemon/daemon.h): the commands and the pass that need
# pango/cairo (PDF), libical (calendar) or libcurl (email, webhooks), and
# the lib/ files that use those libraries. The light cetrack and cetrackd
# run every command and sleep between passes without them, and hand the
# rest to their full twin; scripts/light-check.sh fails the link of a
# light program that takes in any of these objects, naming it and what
# pulled it in. A new full-only source is added here and nowhere else.
FULL_SRC = cli/cmd_calendar.c cli/cmd_notify_test.c cli/cmd_report_pdf.c \
	   daemon/deliver.c daemon/pass.c daemon/work.c \
	   lib/notify/email.c lib/notify/hmac.c lib/notify/net.c \
	   lib/notify/webhook.c lib/report/ics.c lib/report/report_pdf.c
FULL_OBJ = $(FULL_SRC:%.c=$(BUILD)/%.o)
CLI_LIGHT = $(filter-out $(FULL_OBJ),$(CLI_OBJ))
DAEMON_LIGHT = $(filter-out $(FULL_OBJ),$(DAEMON_OBJ))
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBA     = $(BUILD)/libcetrack.a

EMBED_INPUTS = $(sort $(wildcard sql/*.sql)) $(sort $(wildcard config/programs/*.ini)) $(sort $(wildcard config/eligibility/*.ini)) config/cetrack.ini

.PHONY: all check check-one run install uninstall clean tests deps test-deps lint demo docs bench bench-smoke FORCE
all: $(BUILD)/cetrack $(BUILD)/cetrack-full $(DAEMON_BIN)

deps:
	@sh scripts/deps.sh
test-deps:
	@sh scripts/deps.sh --test

$(BUILD)/gen/embedded.c: scripts/embed.sh $(EMBED_INPUTS)
	@mkdir -p $(@D)
	sh scripts/embed.sh $(EMBED_INPUTS) > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Every object depends on the generated file so that it exists before the
# first compile that includes its header.
$(LIB_OBJ) $(CLI_OBJ) $(DAEMON_OBJ): | $(BUILD)/gen/embedded.c

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The helpers' directory is built into lib/base/libexec.o: rebuild it when it
# changes (`make`, then `make install LIBEXECDIR=/usr/lib`), as git does
# with GIT-CFLAGS.
LIBEXEC_OBJ = $(BUILD)/lib/base/libexec.o
$(LIBEXEC_OBJ): ALL_CFLAGS += -DCETRACK_LIBEXECDIR='"$(LIBEXECDIR)"'
$(LIBEXEC_OBJ): $(BUILD)/gen/libexecdir
$(BUILD)/gen/libexecdir: FORCE
	@mkdir -p $(@D)
	@echo '$(LIBEXECDIR)' | cmp -s - $@ || echo '$(LIBEXECDIR)' >$@
FORCE:

# A light program is linked against every library, as the full ones are:
# --as-needed records only those it uses (tests/cli/test_light.sh checks
# which), and an object it must not take in links, so that light-check.sh
# can say which it is from the link map instead of a cairo error.
LIGHT_LINK = $(CC) $(ALL_LDFLAGS) -Wl,-Map,$@.map -o $@ $(filter %.o %.a,$^) $(LIBS) && \
	{ sh scripts/light-check.sh $@ $@.map $(FULL_OBJ) || { rm -f $@; exit 1; }; }

$(BUILD)/cetrack: $(CLI_LIGHT) $(LIBA) scripts/light-check.sh
	$(LIGHT_LINK)

$(BUILD)/cetrack-full: $(CLI_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIBA) $(LIBS)

$(BUILD)/cetrackd: $(DAEMON_LIGHT) $(LIBA) scripts/light-check.sh
	$(LIGHT_LINK)

$(BUILD)/cetrackd-full: $(DAEMON_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $(DAEMON_OBJ) $(LIBA) $(LIBS)

# What the unit tests share (tests/unit/helpers.h).
TEST_HELPERS = $(BUILD)/tests/helpers.o
$(TEST_HELPERS): tests/unit/helpers.c | $(BUILD)/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(TEST_HELPERS) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(TEST_HELPERS) $(LIBA) $(LIBS) $(CRITERION_LIBS)

tests: $(TEST_BIN) $(BUILD)/cetrack $(BUILD)/cetrack-full $(DAEMON_BIN)

# One pass of every test against the binaries in $(BUILD) (LIBEXECDIR:
# where they look for cetrack-full last, for test_light.sh).
check-one: tests
	@LIBEXECDIR='$(LIBEXECDIR)' sh tests/run.sh $(BUILD)

# The README's test command: install what is missing, the normal pass, the
# banned-call lint, then the whole suite again under ASan and UBSan.
check: test-deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory check-one
	@$(MAKE) --no-print-directory SANITIZE=address,undefined check-one
	@sh tests/summary.sh build build/san

lint:
	@sh scripts/lint.sh

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/cetrack \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(SYSTEMDUSERUNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(BUILD)/cetrack $(BUILD)/cetrackd $(DESTDIR)$(BINDIR)/
	install -m 0755 $(BUILD)/cetrack-full $(BUILD)/cetrackd-full \
	    $(DESTDIR)$(LIBEXECDIR)/cetrack/
	install -m 0644 man/cetrack.1 $(DESTDIR)$(MANDIR)/man1/cetrack.1
	install -m 0644 man/cetrack-programs.5 man/cetrack.ini.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 man/cetrackd.8 $(DESTDIR)$(MANDIR)/man8/cetrackd.8
	sed 's,/usr/local/bin/cetrackd,$(BINDIR)/cetrackd,' systemd/cetrackd.service \
	    >$(DESTDIR)$(SYSTEMDUNITDIR)/cetrackd.service
	sed 's,/usr/local/bin/cetrackd,$(BINDIR)/cetrackd,' systemd/cetrackd.user.service \
	    >$(DESTDIR)$(SYSTEMDUSERUNITDIR)/cetrackd.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/cetrackd.service \
	    $(DESTDIR)$(SYSTEMDUSERUNITDIR)/cetrackd.service
	install -m 0644 systemd/cetrack.sysusers $(DESTDIR)$(SYSUSERSDIR)/cetrack.conf
	install -m 0644 systemd/cetrack.tmpfiles $(DESTDIR)$(TMPFILESDIR)/cetrack.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cetrack $(DESTDIR)$(BINDIR)/cetrackd \
	    $(DESTDIR)$(LIBEXECDIR)/cetrack/cetrack-full \
	    $(DESTDIR)$(LIBEXECDIR)/cetrack/cetrackd-full \
	    $(DESTDIR)$(MANDIR)/man1/cetrack.1 $(DESTDIR)$(MANDIR)/man8/cetrackd.8 \
	    $(DESTDIR)$(MANDIR)/man5/cetrack-programs.5 $(DESTDIR)$(MANDIR)/man5/cetrack.ini.5 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/cetrackd.service \
	    $(DESTDIR)$(SYSTEMDUSERUNITDIR)/cetrackd.service \
	    $(DESTDIR)$(SYSUSERSDIR)/cetrack.conf $(DESTDIR)$(TMPFILESDIR)/cetrack.conf
	-rmdir $(DESTDIR)$(LIBEXECDIR)/cetrack 2>/dev/null

# The demo department (fictional) in $(BUILD)/demo.db.
demo: all
	rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	$(BUILD)/cetrack -d $(BUILD)/demo.db init
	$(BUILD)/cetrack -d $(BUILD)/demo.db demo

# Benchmarks against their baselines (bench/README.md); results in
# bench/RESULTS.md. Not part of `make check`: no timed assertions in tests.
bench: test-deps all
	bash bench/run.sh $(BUILD)

# One quick pass of every benchmark on the small dataset (about 15 s).
bench-smoke: all
	BENCH_QUICK=1 BENCH_DATA=$(BUILD)/bench-data BENCH_OUT=$(BUILD)/bench-smoke.md bash bench/run.sh $(BUILD)

# Fuzzing (README "Fuzzing", tests/fuzz/README): one libFuzzer target per
# parser of outside input, tests/fuzz/fuzz_*.c, built with clang into
# $(FUZZ_DIR) against a library of their own, compiled by a sub-make with
# coverage and ASan/UBSan (the objects of $(BUILD) stay as they are).
# `make fuzz FUZZ_SECONDS=N` runs each target for N seconds over a copy of
# its corpus (tests/fuzz/corpus/NAME) and its past crashes
# (tests/fuzz/crashes/NAME-*); FUZZ_FLAGS go to every run (-fork=2 ...).
# make check runs them briefly through tests/cli/test_fuzz_smoke.sh.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
FUZZ_DIR      = $(BUILD)/fuzz
FUZZ_SAN      = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
# clang's -Wformat-nonliteral, unlike gcc's, flags a va_list forwarder
# without a format attribute (imp_warn in lib/exchange/import.c); the
# normal build keeps the library warning-free under gcc.
FUZZ_LIB_CFLAGS ?= -O1 -g -Wno-format-nonliteral
FUZZ_SRC      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN      = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_LIBA     = $(FUZZ_DIR)/lib/libcetrack.a
FUZZ_HARNESS  = $(FUZZ_DIR)/harness.o
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -Ilib -Itests/fuzz $(INIPARSER_CFLAGS) \
		$(PKG_CFLAGS) $(WARN) -O1 -g $(FUZZ_SAN) -MMD -MP

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_FLAGS)

# Always asked of the sub-make, which knows whether anything changed.
$(FUZZ_LIBA): FORCE
	@$(MAKE) --no-print-directory CC='$(FUZZ_CC)' \
	    CFLAGS='$(FUZZ_LIB_CFLAGS)' SANITIZE=fuzzer-no-link,address,undefined \
	    BUILD='$(FUZZ_DIR)/lib' '$(FUZZ_LIBA)'

$(FUZZ_HARNESS): tests/fuzz/harness.c tests/fuzz/harness.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BIN): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_HARNESS) $(FUZZ_LIBA)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(LDFLAGS) -Wl,--as-needed -o $@ $< \
	    $(FUZZ_HARNESS) $(FUZZ_LIBA) $(LIBS)

# The README's report picture, from the demo data.
docs: all
	@sh scripts/docs.sh $(BUILD)

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
