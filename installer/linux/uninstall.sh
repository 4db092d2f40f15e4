#!/usr/bin/env bash
# Removes what install.sh installed for the current user: the program folder, the
# `cti` command, the URI-handler and autostart entries. The data folder
# ($XDG_DATA_HOME/cti-connector: history, contacts, settings) stays unless --purge.
set -euo pipefail

app_id=cti-connector
schemes=(tel sip sips callto)

usage() {
  cat <<'USAGE'
Usage: uninstall.sh [options]

Uninstalls CTI Connector for the current user.

Options:
  --prefix DIR   the prefix given to install.sh (default: ~/.local)
  --purge        also delete the data folder ($XDG_DATA_HOME/cti-connector):
                 call history, contacts, settings, API token
  -h, --help     show this help
USAGE
}

die() { echo "uninstall.sh: $*" >&2; exit 1; }

prefix="$HOME/.local"
purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ -n "$prefix" ] || die "--prefix is empty"
if [ -d "$prefix" ]; then prefix=$(cd "$prefix" && pwd); fi
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
config_home=${XDG_CONFIG_HOME:-"$HOME/.config"}
app_dir="$prefix/lib/$app_id"
data_dir="$data_home/$app_id"

# What install.sh wrote, plus the default locations (an install by an older script).
bin_link="$prefix/bin/cti"
desktop_files=("$data_home/applications/$app_id.desktop")
autostart_files=("$config_home/autostart/$app_id.desktop")
mimeapps_files=("$config_home/mimeapps.list")
if [ -f "$app_dir/.install-manifest" ]; then
  while IFS='=' read -r key value; do
    case "$key" in
      bin) bin_link=$value ;;
      desktop) desktop_files+=("$value") ;;
      autostart) autostart_files+=("$value") ;;
      mimeapps) mimeapps_files+=("$value") ;;
    esac
  done < "$app_dir/.install-manifest"
fi

# Stop a running agent first (its pid is in agent.json in the data folder).
stop_agent() {
  local info="$data_dir/agent.json" pid exe i
  [ -f "$info" ] || return 0
  pid=$(sed -n 's/.*"pid"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$info" | head -n1)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  [ "$(basename "${exe% (deleted)}")" = cti ] || return 0
  echo "Stopping the running agent (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}
stop_agent

removed=()
remove() {
  local f
  for f in "$@"; do
    if [ -e "$f" ] || [ -L "$f" ]; then rm -rf -- "$f"; removed+=("$f"); fi
  done
}

# The agent undoes its own handler registration while its binary is still here (the same code as
# `cti unregister-handlers`); the removals below stay for an install whose binary is gone or broken.
if [ -x "$app_dir/cti" ]; then
  XDG_DATA_HOME="$data_home" XDG_CONFIG_HOME="$config_home" "$app_dir/cti" unregister-handlers >/dev/null 2>&1 \
    || echo "uninstall.sh: cti unregister-handlers failed; removing the handler entries directly" >&2
fi

# The command only when it is ours (a symlink into the program folder).
if [ -L "$bin_link" ] && [ "$(readlink "$bin_link")" = "$app_dir/cti" ]; then
  remove "$bin_link"
fi
remove "$app_dir" "$prefix/lib/.$app_id.new"
for f in "${desktop_files[@]}"; do remove "$f"; done
for f in "${autostart_files[@]}"; do remove "$f"; done
# Our defaults in mimeapps.list (the file itself is the user's).
for list in "${mimeapps_files[@]}"; do
  [ -f "$list" ] || continue
  for s in "${schemes[@]}"; do
    sed -i "/^x-scheme-handler\/$s=$app_id\.desktop;\?\$/d" "$list"
  done
  # Left with nothing but section headers: it only ever held our defaults.
  if ! grep -qv '^[[:space:]]*\(\[.*\]\)\?[[:space:]]*$' "$list"; then rm -f "$list"; fi
done
if command -v update-desktop-database >/dev/null && [ -d "$data_home/applications" ]; then
  update-desktop-database -q "$data_home/applications" 2>/dev/null || true
fi
# Folders install.sh created and which are now empty.
rmdir "$prefix/lib" "$prefix/bin" "$data_home/applications" "$config_home/autostart" 2>/dev/null || true

if [ $purge = 1 ]; then
  remove "$data_dir"
fi

echo "CTI Connector uninstalled."
if [ ${#removed[@]} -eq 0 ]; then
  echo "  nothing was installed under $prefix"
else
  for f in "${removed[@]}"; do echo "  removed  $f"; done
fi
if [ $purge = 1 ]; then
  echo "  data     deleted (--purge)"
elif [ -d "$data_dir" ]; then
  echo "  data     $data_dir is kept (history, contacts, settings); delete it with --purge"
fi
