# `make test` is the one test command (README, .ci/run). It installs what Go
# cannot fetch, then checks formatting, vets and runs every test.
.PHONY: test deps check bench figures fuzz build-ConvertFunction

test: deps check
	go test -count=1 -timeout 30m ./...

# Debian packages the tests run: poppler (pdftotext, pdffonts, pdfinfo),
# epubcheck with a Java runtime, qpdf.
deps:
	@if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null || ! command -v qpdf >/dev/null || ! test -f /usr/bin/epubcheck || ! command -v java >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils qpdf epubcheck default-jre-headless; \
	fi

check:
	@out=$$(gofmt -l . 2>&1); if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi
	go vet ./...

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
# as a regression case with the fix.
FUZZTIME ?= 30s
FUZZ_TARGETS = pkg/extract:FuzzFromHTML pkg/extract:FuzzFromText pkg/convert:FuzzParseJob pkg/convert:FuzzFileInputs \
	pkg/service:FuzzAPIRequest functions/convert:FuzzInvoke pkg/render:FuzzPDF pkg/render:FuzzEPUB
fuzz: deps
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} in ./$${t%%:*} for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*} || exit 1; \
	done
