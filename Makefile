# `make test` is the one test command (README, .ci/run). It installs what Go
# cannot fetch, then checks formatting, vets and runs every test.
.PHONY: test deps check build bench figures fuzz build-ConvertFunction

# Tests build as the Lambda's bootstrap does (CGO_ENABLED=0), so the e2e
# suite's builds of it and of the emulator reuse the packages the tests
# compiled instead of compiling the module a second time.
test: export CGO_ENABLED = 0
test: deps check
	go test -count=1 -timeout 30m ./...

# Ace by DAISY (internal/verify.Ace) lives outside the tree, so that a
# fresh clone on the same machine finds it installed; the tests read
# ACE_DIR, or this same default.
ACE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/article2book/ace
export ACE_DIR

# Debian packages the tests run: poppler (pdftotext, pdffonts, pdfinfo),
# epubcheck with a JDK (internal/verify runs it from a single-file Java
# program, which needs the compiler module), qpdf, HarfBuzz's hb-shape
# (the reference for our shaping), Little CMS's transicc (it reads the
# PDF/A output intent's profile), and chromium for Ace. Then Ace
# itself, at the versions of internal/verify/ace/package-lock.json
# (--ignore-scripts: its Electron runner would download a browser; the
# tests use Debian's chromium through Puppeteer).
deps:
	@if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null || ! command -v qpdf >/dev/null || ! test -f /usr/bin/epubcheck || ! command -v javac >/dev/null || ! test -x /usr/bin/chromium || ! command -v npm >/dev/null || ! command -v hb-shape >/dev/null || ! command -v transicc >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils qpdf epubcheck default-jdk-headless chromium libharfbuzz-bin liblcms2-utils $$(command -v npm >/dev/null || echo nodejs npm); \
	fi
	@if ! test -x "$(ACE_DIR)/node_modules/.bin/ace-puppeteer" || ! cmp -s internal/verify/ace/package-lock.json "$(ACE_DIR)/package-lock.json"; then \
		mkdir -p "$(ACE_DIR)" && cp internal/verify/ace/package.json internal/verify/ace/package-lock.json "$(ACE_DIR)/" && \
		cd "$(ACE_DIR)" && npm ci --ignore-scripts --no-audit --no-fund; \
	fi

check:
	@out=$$(gofmt -l . 2>&1); if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi
	go vet ./...

# The command line tool, as ./article2book (README, "Install"): static,
# as the Lambda's bootstrap and the tests are built. With cgo the binary
# links libc dynamically (only net's resolver and os/user would use it),
# and every start pays the dynamic loader: about 8 ms of CPU and 70 page
# faults of a 100 ms conversion of the sample here.
build:
	CGO_ENABLED=0 go build -trimpath -o article2book ./cmd/article2book

# sam build (BuildMethod: makefile) calls this with ARTIFACTS_DIR set. The
# version goes into every manifest (converter_version).
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
build-ConvertFunction:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(ARTIFACTS_DIR)/bootstrap ./functions/convert

# Side by side with Chromium and pandoc, stage benchmarks, the 1M-character
# article, the Lambda under the emulator and -serve under load (README,
# "Speed"). Installs chromium, pandoc and fonts-lxgw-wenkai when missing.
# BENCHFLAGS passes flags, e.g. BENCHFLAGS='-skip serve,lambda -runs 9'.
bench:
	go run ./scripts/bench $(BENCHFLAGS)

# Typesetting figures (holes, loose lines, copied-text fidelity) per fixture.
figures: deps
	scripts/typefigures-all

# Each fuzz target for FUZZTIME (their seed corpora run in `make test`).
# A crasher is written to the package's testdata/fuzz/<Target>/: commit it
# as a regression case with the fix. Each new input the engine keeps is
# minimised in at most FUZZMINIMIZE runs: by default it tries for a
# minute, which held FuzzPDF (a render and qpdf, a tenth of a second
# and more) at a few inputs a minute.
FUZZTIME ?= 30s
FUZZMINIMIZE ?= 10x
FUZZ_TARGETS = pkg/extract:FuzzFromHTML pkg/extract:FuzzFromText pkg/convert:FuzzParseJob pkg/convert:FuzzFileInputs \
	pkg/service:FuzzAPIRequest functions/convert:FuzzInvoke pkg/render:FuzzPDF pkg/render:FuzzEPUB internal/words:FuzzDictionaryBreaks
fuzz: deps
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} in ./$${t%%:*} for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./$${t%%:*} || exit 1; \
	done
