#!/usr/bin/env bash
# Builds the control-plane binary (a real kube-apiserver with etcd in-process),
# or reuses the cached one, and prints its path as the last line of stdout.
# Needs Go 1.25+ and a Go module proxy; the cold build takes a while (see README).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
# shellcheck source=../go-module-build.sh
source "$here/../go-module-build.sh"

find_go control-plane "Go 1.25+ is needed"

open_build_cache control-plane go.mod go.sum main.go build.sh
binary="$dir/control-plane"

if [ ! -x "$binary" ]; then
	export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
	version="$(sed -n 's|^[[:space:]]*k8s.io/kubernetes \(v[0-9.]*\)$|\1|p' go.mod)"
	if [ -z "$version" ]; then
		echo "control-plane build: cannot read the k8s.io/kubernetes version from go.mod" >&2
		exit 1
	fi
	minor="$(echo "$version" | cut -d. -f2)"
	# Without these /version would report the placeholder v0.0.0-master.
	ldflags="-s -w"
	ldflags+=" -X k8s.io/component-base/version.gitVersion=$version"
	ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
	ldflags+=" -X k8s.io/component-base/version.gitMinor=$minor"
	ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
	echo "control-plane build: building kube-apiserver $version with $("$go_binary" version) (minutes when cold)" >&2
	started=$SECONDS
	mkdir -p "$(dirname "$binary")"
	"$go_binary" build -trimpath -ldflags "$ldflags" -o "$binary.partial" . >&2
	mv "$binary.partial" "$binary"
	echo "control-plane build: done in $((SECONDS - started))s" >&2
	# Binaries (~100 MB each) not used for two days are dead weight. Recent ones
	# stay: other checkouts (branches, worktrees) build and run theirs meanwhile.
	find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mtime +2 -exec rm -rf {} +
fi
# Marks this binary as recently used, so other checkouts' builds keep it.
touch "$(dirname "$binary")"

echo "$binary"
