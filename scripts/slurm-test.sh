#!/usr/bin/env bash
# The cluster path, tested for real: starts a one-node SLURM cluster on this (Debian) machine,
# submits a small survey and a small sweep (scripts/slurm-sweep.yaml) as two job arrays (one
# shard per array task, the shard taken from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT),
# waits, merges each one's shards with `barron merge`, and compares the merged summaries with
# single-machine runs byte for byte. Stops the daemons it started.
#
# Compared: summary.csv and summary.md (and, for the sweep, summary.json). They hold the stable
# provenance (version, commit, java, os, cpu, blas, backend, device, precision), equal here since
# every task runs on this node; the volatile fields (command line, host, start time) are only in
# provenance.jsonl and survey.json, which are not compared.
#
# Exit status: 0 merged = single-machine; 1 a mismatch or a failed job; 3 SLURM could not be
# installed or started here (the reason is printed; .ci/run decides whether that fails CI).
# Needs root (or password-less sudo) to install slurm-wlm and munge and to start the daemons.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive
SURVEY=(survey --k 4,5 --runs 12 --grad-tol 1e-8 --backend cpu --quiet)
SWEEP=(sweep scripts/slurm-sweep.yaml --quiet)
TASKS=3

unavailable() { echo "slurm-test: unavailable: $*"; exit 3; }

AS_ROOT=()
if [[ "$(id -u)" != 0 ]]; then
    sudo -n true 2>/dev/null || unavailable "not root and no password-less sudo"
    AS_ROOT=(sudo -n)
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    command -v apt-get >/dev/null || unavailable "slurm-wlm is not installed and there is no apt-get"
    echo "== installing slurm-wlm and munge (apt-get)"
    "${AS_ROOT[@]}" apt-get install -y -q --no-install-recommends slurm-wlm munge >/tmp/slurm-test-apt.log 2>&1 \
        || { "${AS_ROOT[@]}" apt-get update -q >/dev/null 2>&1 && "${AS_ROOT[@]}" apt-get install -y -q --no-install-recommends \
             slurm-wlm munge >>/tmp/slurm-test-apt.log 2>&1; } \
        || unavailable "apt-get install slurm-wlm munge failed (see /tmp/slurm-test-apt.log)"
fi
echo "== $(slurmctld -V 2>/dev/null || echo slurmctld ?), $(munged -V 2>/dev/null | head -1 || echo munged ?)"

if [[ ! -f target/barron.jar ]]; then
    echo "== building target/barron.jar"
    mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
fi

WORK=$(mktemp -d /tmp/barron-slurm.XXXXXX)
chmod 755 "$WORK"
STARTED=()
cleanup() {
    set +e
    if [[ " ${STARTED[*]} " == *" slurm "* ]]; then
        SLURM_CONF=$WORK/slurm.conf scontrol shutdown >/dev/null 2>&1
        sleep 1
        for f in "$WORK"/slurmctld.pid "$WORK"/slurmd.pid; do
            [[ -f $f ]] && "${AS_ROOT[@]}" kill "$(cat "$f")" 2>/dev/null
        done
    fi
    if [[ " ${STARTED[*]} " == *" munge "* ]]; then
        "${AS_ROOT[@]}" kill "$(cat /run/munge/barron-test-munged.pid)" 2>/dev/null
    fi
    echo "== daemons stopped; work directory $WORK kept"
}
trap cleanup EXIT

# munge: a key if there is none, and a daemon of our own with its own socket.
if [[ ! -s /etc/munge/munge.key ]]; then
    "${AS_ROOT[@]}" sh -c 'dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null'
fi
"${AS_ROOT[@]}" chown munge:munge /etc/munge/munge.key && "${AS_ROOT[@]}" chmod 400 /etc/munge/munge.key
"${AS_ROOT[@]}" mkdir -p /run/munge /var/lib/munge /var/log/munge
"${AS_ROOT[@]}" chown munge:munge /run/munge /var/lib/munge /var/log/munge
SOCKET=/run/munge/munge.socket.2
if ! munge -n -S "$SOCKET" 2>/dev/null | unmunge -S "$SOCKET" >/dev/null 2>&1; then
    "${AS_ROOT[@]}" runuser -u munge -- munged --force --socket="$SOCKET" --pid-file=/run/munge/barron-test-munged.pid \
        || unavailable "munged did not start"
    STARTED+=(munge)
    sleep 1
fi
munge -n -S "$SOCKET" | unmunge -S "$SOCKET" >/dev/null || unavailable "munge does not answer on $SOCKET"

HOST=$(hostname -s)
CPUS=$(nproc)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/out"
cat >"$WORK/slurm.conf" <<EOF
ClusterName=barron-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
SlurmdSpoolDir=$WORK/spool
StateSaveLocation=$WORK/state
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$WORK/slurm.conf
echo "== starting slurmctld and slurmd (node $HOST, $CPUS CPUs, config $SLURM_CONF)"
"${AS_ROOT[@]}" env SLURM_CONF="$SLURM_CONF" slurmctld -i || unavailable "slurmctld did not start (see $WORK/slurmctld.log)"
STARTED+=(slurm)
"${AS_ROOT[@]}" env SLURM_CONF="$SLURM_CONF" slurmd || unavailable "slurmd did not start (see $WORK/slurmd.log)"
for _ in $(seq 60); do
    state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)
    [[ "$state" == idle* ]] && break
    sleep 1
done
[[ "$state" == idle* ]] || unavailable "node $HOST is not idle after 60 s (state: ${state:-none}; see $WORK/slurmd.log)"
sinfo

# submit NAME COMMAND...: the command as a job array of $TASKS tasks, each into $WORK/NAME-shard-<task id>.
submit() {
    local name=$1
    shift
    local job
    job=$(sbatch --parsable --array=0-$((TASKS - 1)) --cpus-per-task=1 --output="$WORK/out/$name-%A_%a.log" \
        --chdir="$ROOT" --wrap "./barron $* --out $WORK/$name-shard-\$SLURM_ARRAY_TASK_ID")
    echo "$name: job array id: $job (tasks ${job}_0 .. ${job}_$((TASKS - 1)))" >&2
    echo "$job"
}

# check NAME JOB FILES...: waits for the array, merges its shards, runs the command unsharded, compares FILES.
status=0
check() {
    local name=$1 job=$2
    shift 2
    local files=("$@")
    for _ in $(seq 600); do
        [[ -z "$(squeue -h -j "$job" 2>/dev/null)" ]] && break
        sleep 1
    done
    [[ -z "$(squeue -h -j "$job" 2>/dev/null)" ]] && echo "== $name: job array $job finished" \
        || { echo "slurm-test: FAILED: job array $job still queued or running after 600 s"; squeue; exit 1; }
    for t in $(seq 0 $((TASKS - 1))); do
        echo "-- task ${job}_$t:"; sed 's/^/   /' "$WORK/out/$name-${job}_$t.log" | head -3
        [[ -f "$WORK/$name-shard-$t/summary.csv" ]] || { echo "slurm-test: FAILED: task ${job}_$t wrote no summary"; exit 1; }
    done
    echo "== $name: merging the shards"
    ./barron merge --out "$WORK/$name-merged" $(for t in $(seq 0 $((TASKS - 1))); do echo "$WORK/$name-shard-$t"; done) | head -1
    echo "== $name: the same on this machine, unsharded"
    local cmd
    [[ $name == survey ]] && cmd=("${SURVEY[@]}") || cmd=("${SWEEP[@]}")
    ./barron "${cmd[@]}" --out "$WORK/$name-single" | head -1
    for f in "${files[@]}"; do
        if cmp "$WORK/$name-merged/$f" "$WORK/$name-single/$f"; then
            echo "== $name: $f: merged = single-machine ($(wc -c <"$WORK/$name-single/$f") bytes, byte for byte)"
        else
            echo "slurm-test: FAILED: $name: $f differs"; diff "$WORK/$name-merged/$f" "$WORK/$name-single/$f" | head -20; status=1
        fi
    done
}

echo "== submitting the survey and the sweep as two job arrays of $TASKS tasks each"
SURVEY_JOB=$(submit survey "${SURVEY[*]}")
SWEEP_JOB=$(submit sweep "${SWEEP[*]}")
check survey "$SURVEY_JOB" summary.csv summary.md
check sweep "$SWEEP_JOB" summary.csv summary.md summary.json
exit $status
