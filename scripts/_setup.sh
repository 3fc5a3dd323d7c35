# Shared by scripts/demo, scripts/test and .ci/run: find Python >= 3.12, make
# .venv, install Gongkai with its pinned dependencies (only when they changed).
# Source it from the repository root.
set -euo pipefail

find_python() {
    local candidate
    for candidate in python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python; do
        if [ -x "$candidate" ] &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

setup_venv() {
    local extras="${1:-}"
    if [ ! -x .venv/bin/python ]; then
        local python
        if ! python=$(find_python); then
            echo "错误：需要 Python 3.12 或更高版本（Django 6.1 的要求），但在 PATH 和 ~/.pyenv/versions 中都没有找到。" >&2
            echo "Error: Gongkai needs Python >= 3.12 (for Django 6.1); none was found on PATH or under ~/.pyenv/versions." >&2
            echo "请安装 python3.12 或 python3.13（例如 apt-get install python3.12-venv，或 pyenv install 3.12）后重试。" >&2
            exit 3
        fi
        echo "使用 Python：$python ($("$python" -V 2>&1))" >&2
        "$python" -m venv .venv
    fi
    local stamp=".venv/.gongkai-installed${extras:+-$extras}"
    local want
    want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "安装依赖（pyproject.toml + requirements.lock）…" >&2
        .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
        .venv/bin/python -m pip install -q --disable-pip-version-check \
            -c requirements.lock -e ".${extras:+[$extras]}"
        echo "$want" >"$stamp"
    fi
}

# ensure_debs PKG…: install missing Debian packages when we may (root with
# apt-get), otherwise say which are missing and what they are for. Never fails:
# Gongkai runs without them, only the features named in the message do not.
ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "安装系统软件包：${missing[*]}…" >&2
        if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}"; } >/dev/null 2>&1; then
            return 0
        fi
    fi
    echo "提示：缺少系统软件包 ${missing[*]}（中文字体与 PDF 生成、.doc 读取、浏览器测试需要）。" >&2
    echo "      请以管理员身份运行：apt-get install ${missing[*]}" >&2
}

RUNTIME_DEBS=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
TEST_DEBS=("${RUNTIME_DEBS[@]}" poppler-utils antiword libreoffice-writer-nogui chromium)
