#!/usr/bin/env bash
# Builds every controller module of the controller test tier (test/controllers/*/build.sh: Flux, Argo CD) and
# the control plane, each cached by its inputs' hash; prints each phase's time on stderr. Binaries' paths are
# not printed: each test file asks its own module's script, which then answers from the cache at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS
phase=$SECONDS
bash "$here/../control-plane/build.sh" >/dev/null
echo "controllers build: control plane ready after $((SECONDS - phase))s" >&2
for script in "$here"/*/build.sh; do
	phase=$SECONDS
	bash "$script" >/dev/null
	echo "controllers build: $(basename "$(dirname "$script")") ready after $((SECONDS - phase))s" >&2
done
echo "controllers build: all ready after $((SECONDS - started))s" >&2
