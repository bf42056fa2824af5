#!/usr/bin/env bash
# Builds the Flux controllers of the controller test tier (source-controller,
# kustomize-controller, helm-controller, the versions go.mod's tool block pins),
# or reuses the cached ones, and prints the binaries' paths, one per line. The
# CRDs come from the same module versions (config/crd/bases/*.yaml of each
# controller's module directory) and are copied into DIR/crds/ next to them.
# Needs Go 1.26+ and a Go module proxy; the cold build takes a quarter of an hour on 2 cores (see README).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

go_binary="$(command -v go || true)"
if [ -z "$go_binary" ] && [ -x /usr/local/go/bin/go ]; then go_binary=/usr/local/go/bin/go; fi
if [ -z "$go_binary" ]; then
	echo "controllers-flux build: no 'go' on PATH (Go 1.26+ is needed: https://go.dev/dl/)" >&2
	exit 1
fi

modules=(github.com/fluxcd/source-controller github.com/fluxcd/kustomize-controller github.com/fluxcd/helm-controller)

# The cache key covers everything the binaries are made from, this script's flags included.
key="$(cat go.mod go.sum build.sh | sha256sum | cut -c1-16)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/driftwatch/controllers-flux"
dir="$cache_root/$key"
mkdir -p "$cache_root"

# Concurrent test processes may all ask at once; one builds, the others wait for it.
exec 9>"$cache_root/build.lock"
if command -v flock >/dev/null; then flock 9; fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
if [ ! -f "$dir/complete" ]; then
	started=$SECONDS
	echo "controllers-flux build: building ${modules[*]##*/} with $("$go_binary" version) (a quarter of an hour when cold)" >&2
	mkdir -p "$dir/crds"
	for module in "${modules[@]}"; do
		name="${module##*/}"
		version="$(sed -n "s|^[[:space:]]*${module//./\\.} \(v[0-9][^ ]*\).*$|\1|p" go.mod | head -n1)"
		if [ -z "$version" ]; then
			echo "controllers-flux build: cannot read the $module version from go.mod" >&2
			exit 1
		fi
		module_dir="$("$go_binary" mod download -json "$module@$version" | sed -n 's|^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$|\1|p')"
		if [ -z "$module_dir" ] || [ ! -d "$module_dir/config/crd/bases" ]; then
			echo "controllers-flux build: no config/crd/bases in $module@$version ($module_dir)" >&2
			exit 1
		fi
		cp "$module_dir"/config/crd/bases/*.yaml "$dir/crds/"
		chmod u+w "$dir"/crds/*.yaml
		"$go_binary" build -trimpath -ldflags "-s -w" -o "$dir/$name.partial" "$module" >&2
		mv "$dir/$name.partial" "$dir/$name"
		echo "controllers-flux build: $name $version after $((SECONDS - started))s" >&2
	done
	touch "$dir/complete"
	echo "controllers-flux build: done in $((SECONDS - started))s" >&2
	# Binaries (~90 MB each) not used for two days are dead weight. Recent ones
	# stay: other checkouts (branches, worktrees) build and run theirs meanwhile.
	find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mtime +2 -exec rm -rf {} +
fi
# Marks these binaries as recently used, so other checkouts' builds keep them.
touch "$dir"

for module in "${modules[@]}"; do echo "$dir/${module##*/}"; done
