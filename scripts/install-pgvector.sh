#!/usr/bin/env bash
# Builds pgvector from Debian's source package into the machine's PostgreSQL.
# Debian bookworm ships no pgvector binary package; trixie's source (0.8.x) builds on bookworm.
# Uses a private apt folder so the machine's apt sources are untouched.
set -euo pipefail
PG_MAJOR="${PG_MAJOR:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)}"
PG_MAJOR="${PG_MAJOR:-15}"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
WORK="${PGVECTOR_BUILD_DIR:-$(pwd)/.pgvector-build}"
mkdir -p "$WORK/sources" "$WORK/lists/partial" "$WORK/src"
echo "deb-src http://deb.debian.org/debian trixie main" > "$WORK/sources/trixie-src.list"
APT_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$WORK/sources" -o "Dir::State::Lists=$WORK/lists")

if [ ! -x "$PG_CONFIG" ] || [ ! -d "/usr/include/postgresql/${PG_MAJOR}/server" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" make gcc >/dev/null
fi
apt-get "${APT_OPTS[@]}" update -qq
cd "$WORK/src"
apt-get "${APT_OPTS[@]}" source --download-only pgvector
tarball=$(ls pgvector_*.orig.tar.* | head -1)
rm -rf build && mkdir build
tar -xf "$tarball" -C build --strip-components=1
cd build
# OPTFLAGS="" avoids -march=native so the build runs on any x86-64 CI machine.
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install >/dev/null
echo "pgvector installed into PostgreSQL ${PG_MAJOR}"
