#!/usr/bin/env bash
# Builds Argo CD v3.6.2's multi-call argocd binary and a miniredis-based redis,
# or reuses the cached ones, and collects what the controllers need beside them:
# the repo-server's git-verify-wrapper.sh and the Application/AppProject CRDs,
# both taken from the argo-cd module directory (the CRDs into DIR/crds/). Prints the
# paths of argocd, redis and git-verify-wrapper.sh, one per line, all in one DIR.
# Needs Go and a Go module proxy; the cold build takes ~20 minutes on 2 cores (see README).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

go_binary="$(command -v go || true)"
if [ -z "$go_binary" ] && [ -x /usr/local/go/bin/go ]; then go_binary=/usr/local/go/bin/go; fi
if [ -z "$go_binary" ]; then
	echo "argocd build: no 'go' on PATH (any Go 1.21+ fetches the 1.27.3 toolchain this module needs)" >&2
	exit 1
fi

argocd_version=3.6.2
# The cache key covers everything the binaries are made from, this script's flags included.
key="$(cat go.mod go.sum redis/main.go build.sh | sha256sum | cut -c1-16)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/driftwatch/controllers-argocd"
dir="$cache_root/$key"
mkdir -p "$cache_root"

# Concurrent test processes may all ask at once; one builds, the others wait for it.
exec 9>"$cache_root/build.lock"
if command -v flock >/dev/null; then flock 9; fi

# argo-cd v3.6.2 declares go 1.27: this build alone uses Go 1.27.3 (fetched by the go
# command from the proxy); the rest of the project stays on the machine's Go.
export GOTOOLCHAIN=go1.27.3 CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"

if [ ! -f "$dir/complete" ]; then
	echo "argocd build: building Argo CD v$argocd_version with GOTOOLCHAIN=$GOTOOLCHAIN (about 20 minutes when cold)" >&2
	started=$SECONDS
	mkdir -p "$dir/crds"
	module_dir="$("$go_binary" mod download -json "github.com/argoproj/argo-cd/v3@v$argocd_version" | sed -n 's|^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$|\1|p')"
	if [ -z "$module_dir" ] || [ ! -d "$module_dir" ]; then
		echo "argocd build: cannot find the argo-cd v$argocd_version module directory (go mod download)" >&2
		exit 1
	fi
	# The repo-server runs this on every manifest generation; without it on PATH every app
	# shows "ComparisonError … permission denied".
	install -m 0755 "$module_dir/hack/git-verify-wrapper.sh" "$dir/git-verify-wrapper.sh"
	install -m 0644 "$module_dir/manifests/crds/application-crd.yaml" "$module_dir/manifests/crds/appproject-crd.yaml" "$dir/crds/"
	"$go_binary" build -trimpath -ldflags "-s -w" -o "$dir/redis.partial" ./redis >&2
	mv "$dir/redis.partial" "$dir/redis"
	# Without the version Argo CD reports its placeholder, 99.99.99.
	"$go_binary" build -trimpath -ldflags "-s -w -X github.com/argoproj/argo-cd/v3/common.version=$argocd_version" \
		-o "$dir/argocd.partial" github.com/argoproj/argo-cd/v3/cmd >&2
	mv "$dir/argocd.partial" "$dir/argocd"
	touch "$dir/complete"
	echo "argocd build: done in $((SECONDS - started))s" >&2
	# Binaries (~170 MB) not used for two days are dead weight. Recent ones stay:
	# other checkouts (branches, worktrees) build and run theirs meanwhile.
	find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mtime +2 -exec rm -rf {} +
fi
# Marks these binaries as recently used, so other checkouts' builds keep them.
touch "$dir"

echo "$dir/argocd"
echo "$dir/redis"
echo "$dir/git-verify-wrapper.sh"
