#!/usr/bin/env bash
# Builds the self-contained linux-x64 (or win-x64) publish of the agent, with the
# shipped CRM plugins under plugins/<id>/ beside the executable (the agent's project
# builds them and copies them there).
#   publish.sh OUT_DIR [RID]
# Intermediate files go to a private artifacts folder (OUT_DIR/../.cti-build by
# default, CTI_BUILD_DIR to override) so that a publish never rewrites the obj/
# folders of a developer's working tree.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: publish.sh OUT_DIR [RID]

Publishes src/CtiConnector.Agent self-contained, trimmed and ReadyToRun for
RID (default linux-x64) into OUT_DIR, with each shipped plugin in
OUT_DIR/plugins/<name>/ (plugins are not trimmed; the agent keeps what the
shipped ones use of the framework, and the public surface of the assemblies
other plugins commonly bind to: see docs/INSTALL.md).
Environment: CTI_BUILD_DIR  folder for intermediate build files
             CTI_TRIM=0     do not trim (for a plugin that needs framework
                            members the trimmed agent lacks)
             CTI_AOT=1      the NativeAOT build instead (linux-x64 only, built
                            on Linux): one native executable, no JIT, about
                            half the memory and ready in about 0.1 s; the
                            shipped plugins are compiled in, other plugins
                            cannot be loaded (see docs/INSTALL.md)
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

out=$1
rid=${2:-linux-x64}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
build=${CTI_BUILD_DIR:-"$(dirname "$out")/.cti-build-$rid"}

if [ "${CTI_AOT:-0}" = 1 ]; then
  # NativeAOT compiles for the system it runs on: a Windows executable must be built on Windows.
  [ "$rid" = linux-x64 ] || { echo "publish.sh: CTI_AOT=1 builds linux-x64 only (got $rid)" >&2; exit 2; }
  build=${CTI_BUILD_DIR:-"$(dirname "$out")/.cti-build-$rid-aot"}
  dotnet publish "$repo/src/CtiConnector.Agent/CtiConnector.Agent.csproj" \
    -c Release -r "$rid" -p:PublishAot=true \
    --artifacts-path "$build" -o "$out" -nologo -v q -clp:ErrorsOnly
  # The native debugging symbols (about 60 MB) are not shipped, nor the copy of an adapter's plugin.json that its
  # compiled-in project leaves beside the executable (the adapters' own folders keep theirs).
  rm -f "$out/cti.dbg" "$out/plugin.json"
  exit 0
fi

trim=(-p:PublishTrimmed=true)
if [ "${CTI_TRIM:-1}" = 0 ]; then trim=(-p:PublishTrimmed=false); fi

dotnet publish "$repo/src/CtiConnector.Agent/CtiConnector.Agent.csproj" \
  -c Release -r "$rid" --self-contained -p:PublishReadyToRun=true "${trim[@]}" \
  --artifacts-path "$build" -o "$out" -nologo -v q -clp:ErrorsOnly

