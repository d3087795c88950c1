# Sourced by the benchmark scripts: a throwaway PostgreSQL for one benchmark run.
# bench_cluster_start DIR PORT [SERVER_OPTION...]: initdb into DIR/pg/data (as the postgres
# user when run as root), start it on 127.0.0.1:PORT with its socket in DIR/pg and default
# settings but the options given (`-c fsync=off`), and stop it when the script exits. Sets BINDIR, PGDIR, DATA and the as_pg helper for the caller.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bench_cluster_start() {
  local dir=$1 port=$2
  shift 2
  BINDIR=$(pg_config --bindir 2>/dev/null || dirname "$(command -v initdb)")
  PGDIR="$dir/pg"
  DATA="$PGDIR/data"
  mkdir -p "$PGDIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR"; fi
  as_pg "$BINDIR/initdb" -D "$DATA" -A trust -U postgres >/dev/null
  as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $PGDIR $*" start >/dev/null
  trap 'as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true' EXIT
}
