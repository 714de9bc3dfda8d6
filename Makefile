# session0's front door. `make demo` and `make check` install what is missing
# (apt-get, Debian packages only), build, and do their job.
BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
PREFIX     ?= /usr/local

.PHONY: all deps build build-asan build-fuzz check demo bench install uninstall clean

all: build

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX) -Dwerror=true

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) --prefix=$(PREFIX) -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false

build-asan: deps $(BUILD_ASAN)/build.ninja
	ninja -C $(BUILD_ASAN)

$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) -Dfuzzing=true -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false

build-fuzz: deps $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)

# Unit and integration tests on the normal build and under ASan+UBSan, plus a
# bounded run of every libFuzzer target. Last line: "N passed, N failed".
check: build build-asan build-fuzz
	@scripts/check.sh $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)

demo: build
	@scripts/demo.sh $(BUILD)

bench: build
	@scripts/bench.sh $(BUILD)

install: build
	meson install -C $(BUILD) --no-rebuild
	ldconfig

uninstall:
	ninja -C $(BUILD) uninstall

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
