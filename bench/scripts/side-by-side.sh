#!/usr/bin/env bash
# side-by-side.sh - every measurement of BENCHMARKS.md's first sections, in one run: jtgt and a
# real tgtd on this machine, both on loopback and both serving RAM.
#
# Usage (from the repository root, after `mvn -q -DskipTests package`):
#   bench/scripts/side-by-side.sh [OUT_DIR]        (default /tmp/jtgt-side-by-side; ~13 min)
# Needs the workplace tools in ../shared/tools (compare.sh, perf.sh, tgt-peer.sh), curl, and a
# quiet machine: the figures are only as good as the machine is idle.
# What it runs, in order:
#   1. compare.sh, jtgt serving file:/dev/shm/jtgt-perf.img (1 GiB) against tgtd (rdwr, 1 GiB
#      file in /dev/shm): six profiles, 3 rounds A,B,A,B...
#   2. the same with jtgt serving memory:1G
#   3. thread scaling: perf.sh's multi-session profile with 8 and 16 sessions, and a 128 KiB
#      sequential read, at -T 1, 2 and 4, and tgtd for reference
#   4. QD1 4 KiB random reads, then the logical unit's latency percentiles over Jolokia
#   5. the cost of CRC32C digests on 128 KiB reads (LoopbackBenchmark, JMH)
set -u
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/jtgt-side-by-side}; mkdir -p "$OUT"
TOOLS=../shared/tools
JAR=jmx/target/jtgt.jar
IQN=iqn.2026-11.org.jtgt:disk0
PORT=3290
JOLOKIA=8790
URL=iscsi://127.0.0.1:$PORT/$IQN/0
[[ -f $JAR && -f bench/target/benchmarks.jar ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
PID=

start_jtgt() { # THREADS STORE-URI [JOLOKIA]
    java -jar "$JAR" --portal 127.0.0.1:$PORT -T "$1" --lun "0=$2" --jolokia "${3:-off}" > "$OUT/jtgt.log" 2>&1 &
    PID=$!
    for _ in $(seq 100); do grep -q "jtgt: ready" "$OUT/jtgt.log" && return; sleep 0.1; done
    echo "jtgt did not start:" >&2; cat "$OUT/jtgt.log" >&2; exit 1
}
stop_jtgt() { kill "$PID"; wait "$PID" 2>/dev/null; PID=; }
cleanup() { [[ -n $PID ]] && stop_jtgt; TGT_PEER_DIR=/dev/shm/tgt-peer-3275 $TOOLS/tgt-peer.sh stop 3275 >/dev/null 2>&1; rm -f /dev/shm/jtgt-perf.img; }
trap cleanup EXIT

{ echo "# $(date -Is) $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)"; uptime; } | tee "$OUT/machine.txt"
TGTD=$(TGT_PEER_DIR=/dev/shm/tgt-peer-3275 $TOOLS/tgt-peer.sh start 3275 1G)

start_jtgt 2 "file:/dev/shm/jtgt-perf.img?size=1G"
$TOOLS/compare.sh "$URL" "$TGTD" | tee "$OUT/compare-file.txt"
stop_jtgt; rm -f /dev/shm/jtgt-perf.img

start_jtgt 2 memory:1G
$TOOLS/compare.sh "$URL" "$TGTD" | tee "$OUT/compare-memory.txt"
stop_jtgt

for S in 8 16; do
    for T in 1 2 4; do
        start_jtgt "$T" memory:1G
        echo "jtgt sessions=$S -T $T $(PERF_SESSIONS=$S $TOOLS/perf.sh "$URL" 8 multi$S-rand-read-4k-qd8 seq-read-128k-qd32 | grep '^perf:' | tr '\n' ' ')" | tee -a "$OUT/scaling.txt"
        stop_jtgt
    done
    echo "tgtd sessions=$S $(PERF_SESSIONS=$S $TOOLS/perf.sh "$TGTD" 8 multi$S-rand-read-4k-qd8 seq-read-128k-qd32 | grep '^perf:' | tr '\n' ' ')" | tee -a "$OUT/scaling.txt"
done

start_jtgt 2 memory:1G 127.0.0.1:$JOLOKIA
$TOOLS/perf.sh "$URL" 8 rand-read-4k-qd1 | tee "$OUT/latency.txt"
curl -s "http://127.0.0.1:$JOLOKIA/jolokia/read/org.jtgt:type=LogicalUnit,*/Reads,LatencyP50Micros,LatencyP99Micros,LatencyP999Micros" | tee -a "$OUT/latency.txt"; echo
stop_jtgt
TGT_PEER_DIR=/dev/shm/tgt-peer-3275 $TOOLS/tgt-peer.sh stop 3275

java -jar bench/target/benchmarks.jar LoopbackBenchmark.read -p size=131072 -p digests=false,true -f 3 | tail -4 | tee "$OUT/digests.txt"
