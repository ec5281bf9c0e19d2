#!/bin/sh
# Add Sourcing Workshop to this user's desktop: menu entry, icon, software-centre
# metadata and the .workshop file type, so a double-click on a workshop opens it.
#
#   ./install-desktop-integration.sh              install for the current user
#   ./install-desktop-integration.sh --uninstall  remove exactly the files installed
#
# It lives in the one-folder bundle beside the executable `sourcing-workshop`
# and the `share/` tree written by packaging/linux/desktop_integration.py. It
# copies that tree into ${XDG_DATA_HOME:-$HOME/.local/share}, with the desktop
# entry's Exec pointing at this bundle's executable (wherever it was unpacked,
# spaces and all), then refreshes the desktop's caches when their tools exist.
# Nothing outside the user's data folder is touched; no root needed.
set -eu

usage() {
    sed -n '2,6s/^# \{0,1\}//p' "$0"
}

mode=install
case "${1-}" in
    '') ;;
    --uninstall) mode=uninstall ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option: $1" >&2; usage >&2; exit 2 ;;
esac
if [ "$#" -gt 1 ]; then
    echo "error: too many arguments" >&2
    usage >&2
    exit 2
fi

bundle=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)
share="$bundle/share"
executable="$bundle/sourcing-workshop"
data_home="${XDG_DATA_HOME:-${HOME:?HOME is not set}/.local/share}"

if [ ! -d "$share/applications" ]; then
    echo "error: $share/applications not found; run this script from the app bundle" >&2
    exit 1
fi

# The files of the integration, relative to share/: only these kinds are
# installed or removed, so a stray file in the bundle never lands in the user's data.
integration_files() {
    (cd -- "$share" && find . -type f \( \
        -path './applications/*.desktop' \
        -o -path './metainfo/*.metainfo.xml' \
        -o -path './mime/packages/*.xml' \
        -o -path './icons/hicolor/*/apps/*' \
        \) | sed 's|^\./||' | sort)
}

# Quote a path for a desktop entry's Exec key (Desktop Entry spec): backslash,
# quote, backtick and dollar get a backslash, then the string escape doubles
# every backslash, and % becomes %%.
exec_quote() {
    printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g'
}

# Run a cache tool if the desktop has it; without it the files still work
# after the next login, so its absence is not an error.
refresh() {
    tool=$1
    shift
    if command -v "$tool" >/dev/null 2>&1; then
        if "$tool" "$@" >/dev/null 2>&1; then
            echo "ran $tool"
        else
            echo "warning: $tool failed; the change shows after the next login" >&2
        fi
    else
        echo "skipped $tool (not installed)"
    fi
}

refresh_all() {
    if [ -d "$data_home/mime/packages" ]; then
        refresh update-mime-database "$data_home/mime"
    fi
    if [ -d "$data_home/applications" ]; then
        refresh update-desktop-database "$data_home/applications"
    fi
    if [ -d "$data_home/icons/hicolor" ]; then
        refresh gtk-update-icon-cache --force --ignore-theme-index --quiet "$data_home/icons/hicolor"
    fi
}

files=$(integration_files)
if [ -z "$files" ]; then
    echo "error: no desktop integration files in $share" >&2
    exit 1
fi

if [ "$mode" = uninstall ]; then
    echo "Removing Sourcing Workshop's desktop integration from $data_home"
    printf '%s\n' "$files" | while IFS= read -r file; do
        if [ -e "$data_home/$file" ] || [ -L "$data_home/$file" ]; then
            rm -f -- "$data_home/$file"
            echo "removed $data_home/$file"
        fi
    done
    refresh_all
    echo "Done. The app bundle in $bundle is untouched; delete that folder to remove the app."
    exit 0
fi

if [ ! -x "$executable" ]; then
    echo "error: $executable not found or not executable" >&2
    exit 1
fi
case "$executable" in
    *'
'*)
        echo "error: the bundle's path contains a line break, which a desktop entry cannot hold" >&2
        exit 1
        ;;
esac
exec_line="Exec=\"$(exec_quote "$executable")\" %f"

echo "Installing Sourcing Workshop's desktop integration into $data_home"
printf '%s\n' "$files" | while IFS= read -r file; do
    target="$data_home/$file"
    mkdir -p -- "$(dirname -- "$target")"
    temporary="$target.tmp.$$"
    case "$file" in
        applications/*.desktop)
            while IFS= read -r line || [ -n "$line" ]; do
                case "$line" in
                    Exec=*) printf '%s\n' "$exec_line" ;;
                    *) printf '%s\n' "$line" ;;
                esac
            done <"$share/$file" >"$temporary"
            ;;
        *)
            cp -- "$share/$file" "$temporary"
            ;;
    esac
    chmod 644 -- "$temporary"
    mv -f -- "$temporary" "$target"
    echo "installed $target"
done
refresh_all
echo "Done. Sourcing Workshop is in your applications menu and opens .workshop files."
echo "It runs $executable; after moving this folder, run this script again."
