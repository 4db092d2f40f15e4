#!/usr/bin/env bash
# Per-user install of CTI Connector on Linux: the self-contained agent in
# PREFIX/lib/cti-connector, the `cti` command in PREFIX/bin, tel:/sip:/sips:/callto:
# handlers and an XDG autostart entry. The user's data folder
# ($XDG_DATA_HOME/cti-connector) is never touched, so installing again upgrades.
set -euo pipefail

app_id=cti-connector
schemes=(tel sip sips callto)

usage() {
  cat <<'USAGE'
Usage: install.sh [options]

Installs (or upgrades) CTI Connector for the current user.

Options:
  --prefix DIR     install under DIR (default: ~/.local); the agent goes to
                   DIR/lib/cti-connector and the `cti` command to DIR/bin/cti
  --from DIR       install this existing self-contained publish folder instead
                   of building one with `dotnet publish` from this repository
  --aot            build the NativeAOT agent instead of the standard one: about
                   half the memory and ready in about 0.1 s, with the shipped
                   plugins (Webhook, Sql, PhonebookFile) compiled in; it cannot
                   load other plugins (see docs/INSTALL.md)
  --no-autostart   do not start the agent at login (removes an existing entry)
  --no-handlers    do not register tel:, sip:, sips:, callto: (removes existing ones)
  -h, --help       show this help

The data folder ($XDG_DATA_HOME/cti-connector, by default
~/.local/share/cti-connector) holds the history, contacts and settings; it is
kept as it is. A running agent is stopped before its files are replaced.
USAGE
}

die() { echo "install.sh: $*" >&2; exit 1; }

prefix="$HOME/.local"
from=""
autostart=1
handlers=1
aot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a folder"; from=$2; shift 2 ;;
    --from=*) from=${1#--from=}; shift ;;
    --aot) aot=1; shift ;;
    --no-autostart) autostart=0; shift ;;
    --no-handlers) handlers=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ -n "$prefix" ] || die "--prefix is empty"
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
config_home=${XDG_CONFIG_HOME:-"$HOME/.config"}
app_dir="$prefix/lib/$app_id"
bin_link="$prefix/bin/cti"
data_dir="$data_home/$app_id"
desktop_file="$data_home/applications/$app_id.desktop"
autostart_file="$config_home/autostart/$app_id.desktop"

work=$(mktemp -d "${TMPDIR:-/tmp}/cti-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. The publish to install: given, or built from this repository.
if [ -n "$from" ]; then
  [ "$aot" = 0 ] || die "--aot builds the agent: it cannot be used with --from (give a folder built with CTI_AOT=1 publish.sh)"
  [ -d "$from" ] || die "--from: no such folder: $from"
  from=$(cd "$from" && pwd)
else
  command -v dotnet >/dev/null || die "dotnet is needed to build the agent (or pass --from DIR)"
  if [ "$aot" = 1 ]; then
    echo "Building the agent (NativeAOT, linux-x64); this takes a few minutes..."
    CTI_AOT=1 "$(dirname "${BASH_SOURCE[0]}")/publish.sh" "$work/publish" linux-x64
  else
    echo "Building the agent (self-contained linux-x64, ReadyToRun); this takes a few minutes..."
    "$(dirname "${BASH_SOURCE[0]}")/publish.sh" "$work/publish" linux-x64
  fi
  from="$work/publish"
fi
[ -f "$from/cti" ] && [ -x "$from/cti" ] || die "$from does not hold a linux-x64 publish (no executable 'cti')"

# 2. Stop a running agent (the one using the default data folder).
stopped=""
stop_agent() {
  local info="$data_dir/agent.json" pid i
  [ -f "$info" ] || return 0
  pid=$(sed -n 's/.*"pid"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$info" | head -n1)
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # Only a process whose executable is `cti` (the pid may have been reused since).
  local exe
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  [ "$(basename "${exe% (deleted)}")" = cti ] || return 0
  echo "Stopping the running agent (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { stopped=$pid; return 0; }
    sleep 0.1
  done
  echo "The agent did not stop within 15 s; killing it." >&2
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  stopped=$pid
}
stop_agent

# 3. Replace the program folder. Plugin folders a user added beside the program
#    (and which the new version does not ship) are carried over.
upgrade=0
[ -d "$app_dir" ] && upgrade=1
mkdir -p "$prefix/lib" "$prefix/bin"
staging="$prefix/lib/.$app_id.new"
rm -rf "$staging"
cp -a "$from/." "$staging/"
if [ -d "$app_dir/plugins" ]; then
  for p in "$app_dir"/plugins/*/; do
    [ -d "$p" ] || continue
    name=$(basename "$p")
    if [ ! -e "$staging/plugins/$name" ]; then
      mkdir -p "$staging/plugins"
      cp -a "$p" "$staging/plugins/$name"
    fi
  done
fi
chmod 755 "$staging/cti"
rm -rf "$app_dir"
mv "$staging" "$app_dir"
ln -sfn "$app_dir/cti" "$bin_link"

# A path in a .desktop Exec line is quoted when it holds anything but safe characters.
exec_path() {
  local p=$1
  case "$p" in *[\"\`\$\\]*) die "the prefix may not contain \", \`, \$ or \\: $p" ;; esac
  if [[ "$p" =~ ^[A-Za-z0-9_./+-]+$ ]]; then printf '%s' "$p"; else printf '"%s"' "$p"; fi
}
cti_exec=$(exec_path "$bin_link")

# Removes our lines from a mimeapps.list (xdg-mime can set a default, not unset it).
forget_defaults() {
  local list="$config_home/mimeapps.list" s
  [ -f "$list" ] || return 0
  for s in "${schemes[@]}"; do
    sed -i "/^x-scheme-handler\/$s=$app_id\.desktop;\?\$/d" "$list"
  done
}

# 4. URI handlers.
handlers_note="not registered (--no-handlers)"
if [ $handlers = 1 ]; then
  # The agent writes its own handler entry and defaults (the same code as `cti register-handlers`).
  if XDG_DATA_HOME="$data_home" XDG_CONFIG_HOME="$config_home" "$app_dir/cti" register-handlers --command "$bin_link" >"$work/handlers.log" 2>&1; then
    handlers_note="tel: sip: sips: callto: -> $desktop_file"
    grep -q 'xdg-mime' "$work/handlers.log" && handlers_note+=" (default set with xdg-mime)"
  else
    cat "$work/handlers.log" >&2
    die "registering the link handlers failed"
  fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$(dirname "$desktop_file")" 2>/dev/null || true
  fi
else
  rm -f "$desktop_file"
  forget_defaults
fi

# 5. Autostart at login.
autostart_note="off (--no-autostart)"
if [ $autostart = 1 ]; then
  mkdir -p "$(dirname "$autostart_file")"
  cat > "$autostart_file" <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=CTI Connector agent
Comment=Keeps the SIP line registered and the CRM connected
Exec=$cti_exec agent
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
EOF
  autostart_note="$autostart_file"
else
  rm -f "$autostart_file"
fi

# 6. What uninstall.sh removes.
{
  echo "# Written by install.sh; read by uninstall.sh."
  echo "bin=$bin_link"
  if [ $handlers = 1 ]; then
    echo "desktop=$desktop_file"
    echo "mimeapps=$config_home/mimeapps.list"
  fi
  if [ $autostart = 1 ]; then echo "autostart=$autostart_file"; fi
} > "$app_dir/.install-manifest"

size=$(du -sh "$app_dir" 2>/dev/null | cut -f1)
echo
if [ $upgrade = 1 ]; then echo "CTI Connector upgraded."; else echo "CTI Connector installed."; fi
# The standard build runs cti.dll on the bundled runtime; the NativeAOT build is the executable alone.
if [ -f "$app_dir/cti.dll" ]; then build_kind="standard build"; else build_kind="NativeAOT build"; fi
echo "  program    $app_dir ($size, $build_kind)"
echo "  command    $bin_link"
echo "  data       $data_dir (kept as it is)"
echo "  handlers   $handlers_note"
echo "  autostart  $autostart_note"
if [ -n "$stopped" ]; then echo "  The running agent (pid $stopped) was stopped; start it again with: cti agent"; fi
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "  Note: $prefix/bin is not on your PATH; add it, or run $bin_link" ;;
esac
echo "Start the agent now with: $bin_link agent    (uninstall: installer/linux/uninstall.sh --prefix $prefix)"
