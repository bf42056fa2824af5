# Sourced (not run) by the build scripts of the Go modules the test tiers build (test/control-plane/build.sh,
# test/controllers/*/build.sh): finds the go command and opens the module's cache directory under its build lock.

# find_go LABEL REQUIREMENT: sets go_binary to the go command (PATH first, then the usual install place),
# or exits saying which Go the module needs.
find_go() {
	go_binary="$(command -v go || true)"
	if [ -z "$go_binary" ] && [ -x /usr/local/go/bin/go ]; then go_binary=/usr/local/go/bin/go; fi
	if [ -z "$go_binary" ]; then
		echo "$1 build: no 'go' on PATH ($2)" >&2
		exit 1
	fi
}

# open_build_cache NAME INPUT...: sets key (a hash of the INPUT files and of this file, i.e. of everything the
# binaries are made from, the calling script with its flags included), cache_root (NAME's cache) and dir
# (cache_root/key, not created), then holds NAME's build lock on descriptor 9 until the calling script exits.
open_build_cache() {
	local name="$1"
	shift
	key="$(cat "$@" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)"
	cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/driftwatch/$name"
	dir="$cache_root/$key"
	mkdir -p "$cache_root"
	# Concurrent test processes may all ask at once; one builds, the others wait for it.
	exec 9>"$cache_root/build.lock"
	if command -v flock >/dev/null; then flock 9; fi
}
