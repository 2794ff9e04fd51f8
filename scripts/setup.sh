# Shared setup for scripts/serve, scripts/test, scripts/build and scripts/dossier (sourced, not
# run): a .venv with the project installed in editable mode, redone only when pyproject.toml
# changes. Each step prints one line and the time it took; pip's own output only with
# DOSSIER_VERBOSE=1 (or -v/--verbose passed to scripts/serve, scripts/test or scripts/dossier).

export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true

# The step being timed: `step "Creating .venv (first run)"` prints it; `done_step` its time.
step() { _step_start=$SECONDS; printf '%s… ' "$1" >&2; }
done_step() { echo "done ($((SECONDS - _step_start)) s)" >&2; }

verbose_setup() {  # true when DOSSIER_VERBOSE=1 or one of the arguments is -v/--verbose
  [ "${DOSSIER_VERBOSE:-}" = 1 ] && return 0
  local arg
  for arg in "$@"; do
    case "$arg" in -v | --verbose) return 0 ;; esac
  done
  return 1
}

apt_install() {  # Debian/Ubuntu packages, with sudo when not root
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  step "Installing $* with apt${sudo:+ (sudo)}"
  $sudo apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" > /dev/null
  done_step
}

setup_venv() {  # $1: extras, "" or "[test]"; further arguments: the caller's (for -v)
  local extras="$1"
  shift
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: python3 >= 3.11 is required (found $(python3 --version 2>&1))" >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    step "Creating .venv (first run)"
    if ! python3 -m venv .venv 2> /dev/null; then
      echo "python3 -m venv failed; installing Debian's python3-venv" >&2
      rm -rf .venv
      apt_install python3-venv
      python3 -m venv .venv
    fi
    done_step
  fi
  local stamp=".venv/.dossier-installed${extras}"
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2> /dev/null)" != "$want" ]; then
    if [ -n "$extras" ]; then
      step "Installing the dossier and its test tools into .venv"
    else
      step "Installing the dossier into .venv"
    fi
    local quiet=(--quiet)
    if verbose_setup "$@"; then quiet=(); echo >&2; fi
    .venv/bin/python -m pip install "${quiet[@]}" --disable-pip-version-check -e ".${extras}"
    echo "$want" > "$stamp"
    done_step
  fi
}
