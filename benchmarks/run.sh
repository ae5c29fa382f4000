#!/usr/bin/env bash
# One command for the side-by-side load harness (see benchmarks/README.md):
#   benchmarks/run.sh [--seconds N] [--only "twist echo,netty echo"] [--idle-conns N]
# Builds the runnable jar and the benchmarks jar, compiles the C load generator, then runs
# harness.py: each server pinned to CPU 0 in turn, the load generator on CPU 1, one table at the end.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
for tool in taskset gcc wrk /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (Debian: util-linux, gcc, wrk, python3-twisted)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import twisted' 2>/dev/null || { echo "run.sh: python3-twisted is missing" >&2; exit 1; }
mvn -q -B -Dstyle.color=never -DskipTests package
gcc -O2 -Wall -o benchmarks/target/echo_load benchmarks/loadgen/echo_load.c
gcc -O2 -Wall -o benchmarks/target/epoll_echo benchmarks/loadgen/epoll_echo.c
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec python3 benchmarks/harness.py "$@"
