#!/usr/bin/env bash
# Installs the real peers the test suite talks to on loopback (Debian packages) and the
# native toolchain the NativeAOT build links with,
# and makes sure none of them runs as a system service: the tests start their own.
set -euo pipefail

packages=(sip-tester kamailio kamailio-tls-modules baresip linphone-cli pulseaudio pulseaudio-utils
          sox tshark dnsmasq-base postgresql chromium chromium-driver
          dbus-daemon dunst xvfb xdg-utils coturn
          gcc libc6-dev)   # the linker of the NativeAOT build (installer tests)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing test peers: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Never start services while installing: policy-rc.d answers 101 (action forbidden).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian packages may enable system services; the tests run private instances.
for svc in kamailio postgresql coturn; do
  if command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  fi
  if [ -x "/etc/init.d/$svc" ]; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
done
# A system Kamailio the package may have started without systemd: stop that one (by its pid file) and no other,
# so a test's or a user's own Kamailio running beside it is left alone.
for pidfile in /run/kamailio/kamailio.pid /var/run/kamailio/kamailio.pid; do
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
done

for bin in sipp kamailio baresip linphonec pulseaudio parec sox tshark dnsmasq chromium chromedriver \
           dbus-daemon dunst dunstctl Xvfb xdg-open xdg-mime turnserver; do
  command -v "$bin" >/dev/null || { echo "test peer missing after install: $bin" >&2; exit 1; }
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "test peer missing after install: postgresql initdb" >&2; exit 1; }
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] || { echo "test peer missing after install: kamailio tls module" >&2; exit 1; }
echo "test peers ready"
