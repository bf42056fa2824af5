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
# shellcheck source=../../go-module-build.sh
source "$here/../../go-module-build.sh"

find_go controllers-flux "Go 1.26+ is needed: https://go.dev/dl/"

modules=(github.com/fluxcd/source-controller github.com/fluxcd/kustomize-controller github.com/fluxcd/helm-controller)

open_build_cache controllers-flux go.mod go.sum build.sh

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
