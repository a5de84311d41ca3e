# Sourced by the scripts beside it: a Wine prefix in which our Windows .exe files run.
#   wine_prefix_init PREFIX   creates PREFIX (once) with the stand-in bcryptprimitives.dll
#   wine_env PREFIX           exports WINEPREFIX and the settings every run uses
# Wine 8.0 (Debian 12) lacks ProcessPrng in bcryptprimitives.dll, which Rust's standard
# library imports: without the stand-in (processprng.c) every Rust .exe exits with code 53.
# The stand-in goes into these throwaway prefixes only, never into the installer.

windows_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
windows_tools="${CARGO_TARGET_DIR:-$windows_dir/../../target}/windows-tools"

wine_env() {
  export WINEPREFIX="$1"
  export WINEDEBUG=-all
  # Native stand-in first; no Mono/Gecko download prompts; no menu entries written into
  # this Linux user's desktop (winemenubuilder) when an installer makes shortcuts.
  export WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree,mshtml=;winemenubuilder.exe=d"
  # Tests whose floors are for a native system's process start read this.
  export STATIONDESK_UNDER_WINE=1
  # Windows console programs print UTF-8 as they are; no X display is needed.
  unset DISPLAY WAYLAND_DISPLAY
}

# The stand-in DLL, rebuilt when its source is newer.
processprng_dll() {
  local dll="$windows_tools/bcryptprimitives.dll"
  if [ ! -f "$dll" ] || [ "$windows_dir/processprng.c" -nt "$dll" ]; then
    mkdir -p "$windows_tools"
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll.tmp" "$windows_dir/processprng.c" -ladvapi32
    mv "$dll.tmp" "$dll"
  fi
  printf '%s\n' "$dll"
}

wine_prefix_init() {
  local prefix="$1" dll
  dll="$(processprng_dll)"
  wine_env "$prefix"
  if [ ! -f "$prefix/drive_c/windows/system32/kernel32.dll" ]; then
    mkdir -p "$prefix"
    wineboot -i >/dev/null 2>&1 || true
    wineserver -w
    if [ ! -f "$prefix/drive_c/windows/system32/kernel32.dll" ]; then
      echo "wine: could not create the prefix $prefix" >&2
      return 1
    fi
  fi
  if ! cmp -s "$dll" "$prefix/drive_c/windows/system32/bcryptprimitives.dll"; then
    cp "$dll" "$prefix/drive_c/windows/system32/bcryptprimitives.dll"
  fi
}
