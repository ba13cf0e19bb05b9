# lanlease: the front door. See README.md.
#   make deps    install what the build and the tests use (Debian, idempotent)
#   make         release build into build/
#   make demo    lanleased leases an address to dhclient in a namespace pair
#   make check   deps, build, every test suite, then unit + fuzz-replay
#                suites again under ASan+UBSan (clang)
#   make fuzz    run every libFuzzer harness for FUZZ_SECONDS (default 60)
#   make bench   run the benchmarks under bench/
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
BUILD ?= build

DEB_PACKAGES := cmake make gcc clang libclang-rt-14-dev pkg-config xxd \
	libpcap-dev libcmocka-dev libsqlite3-dev sqlite3 liblua5.4-dev tshark python3 python3-scapy iproute2 \
	dhcpig libseccomp-dev libcap-ng-dev tcpdump libmariadb-dev libpq-dev libxml2-dev \
	mariadb-server postgresql \
	libmicrohttpd-dev libjson-c-dev libcurl4-openssl-dev curl chromium \
	python3-prometheus-client \
	dnsmasq-base kea-dhcp4-server kea-admin isc-dhcp-server \
	isc-dhcp-relay isc-dhcp-client dhcpcd-base udhcpc

.PHONY: all deps build check demo fuzz bench clean install

all: build

deps:
	@./scripts/deps.sh $(DEB_PACKAGES) $(if $(shell command -v node),,nodejs npm)

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@./scripts/demo.sh $(BUILD)

check: deps
	@./scripts/check.sh

fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh

bench: build
	@./$(BUILD)/bench-codec

install: build
	@cmake --install $(BUILD)

clean:
	rm -rf build build-asan build-fuzz
