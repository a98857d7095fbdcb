# ensure_debian_package PACKAGE PROBE...
# Runs PROBE (a command that succeeds when the software is present); when it fails, installs
# the Debian package PACKAGE with apt-get (as root, or through sudo) and probes again.
# Idempotent and silent when the software is already there.
ensure_debian_package() {
  local package=$1
  shift
  if "$@" >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$package is missing and apt-get is not available: install $package by other means" >&2
    return 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "$package is missing; run as root or install sudo" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "installing $package (Debian package)..." >&2
  # One package-list refresh per setup run, however many packages are missing.
  if [ -z "${PULSEBOARD_APT_UPDATED:-}" ]; then
    ${sudo[@]+"${sudo[@]}"} apt-get update -qq
    export PULSEBOARD_APT_UPDATED=1
  fi
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  if ! "$@" >/dev/null 2>&1; then
    echo "$package installation failed" >&2
    return 1
  fi
}
