#!/usr/bin/env bash
# A Slurm cluster on this one machine for the Slurm compute backend's tests, `.ci/run` and
# developers: munge, slurmdbd (accounting in the local MariaDB), slurmctld and one slurmd per
# emulated GPU node, all configured under one directory.
#
#   scripts/slurm-test-cluster.sh start [DIR]   # idempotent: does nothing when DIR's cluster answers
#   scripts/slurm-test-cluster.sh stop [DIR]
#   scripts/slurm-test-cluster.sh env [DIR]     # prints `export SLURM_CONF=...` for a shell
#
# DIR defaults to $SWITCHYARD_SLURM_DIR or /tmp/switchyard-slurm. The cluster: partition `h100`
# with nodes sy-h100-0 and sy-h100-1 (8 GPUs each) and sy-h100-2 (4 GPUs), GPUs as generic resources
# `gpu:h100` backed by placeholder device files; QoS `ondemand` (never preempted), `interruptible`
# and `batch` (preemptible by ondemand); accounting limits enforced (tenants are Slurm accounts).
# Needs the Debian packages slurmctld slurmd slurm-client slurmdbd munge and MariaDB on 127.0.0.1.
set -euo pipefail

cmd=${1:-start}
DIR=${2:-${SWITCHYARD_SLURM_DIR:-/tmp/switchyard-slurm}}
PORT_BASE=${SWITCHYARD_SLURM_PORT_BASE:-16817}
CLUSTER=${SWITCHYARD_SLURM_CLUSTER:-switchyard}
DB=${SWITCHYARD_SLURM_DB:-switchyard_slurm_acct}
CTLD_PORT=$PORT_BASE
DBD_PORT=$((PORT_BASE + 1))
# The emulated GPU nodes: name, GPUs, slurmd port.
NODES=("sy-h100-0 8 $((PORT_BASE + 10))" "sy-h100-1 8 $((PORT_BASE + 11))" "sy-h100-2 4 $((PORT_BASE + 12))")

export SLURM_CONF="$DIR/etc/slurm.conf"

answers() { timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; }

write_config() {
  mkdir -p "$DIR"/{etc,munge,log,spool,state,run,dev,jobs}
  chmod 755 "$DIR"
  chmod 755 "$DIR/munge"
  if [ ! -f "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" status=none
    chmod 400 "$DIR/munge/munge.key"
  fi
  local host
  host=$(hostname -s)
  {
    echo "ClusterName=$CLUSTER"
    echo "SlurmctldHost=$host(127.0.0.1)"
    echo "SlurmctldPort=$CTLD_PORT"
    echo "SlurmUser=root"
    echo "SlurmdUser=root"
    echo "AuthType=auth/munge"
    echo "AuthInfo=socket=$DIR/munge/munge.socket"
    echo "CredType=cred/munge"
    echo "StateSaveLocation=$DIR/state"
    echo "SlurmdSpoolDir=$DIR/spool/%n"
    echo "SlurmctldPidFile=$DIR/run/slurmctld.pid"
    echo "SlurmdPidFile=$DIR/run/slurmd-%n.pid"
    echo "SlurmctldLogFile=$DIR/log/slurmctld.log"
    echo "SlurmdLogFile=$DIR/log/slurmd-%n.log"
    echo "ProctrackType=proctrack/pgid"
    echo "TaskPlugin=task/none"
    echo "SlurmdParameters=config_overrides"
    echo "ReturnToService=2"
    echo "MpiDefault=none"
    echo "SchedulerType=sched/backfill"
    echo "SchedulerParameters=sched_interval=2"
    echo "SelectType=select/cons_tres"
    echo "SelectTypeParameters=CR_Core"
    echo "GresTypes=gpu"
    echo "PreemptType=preempt/qos"
    echo "PreemptMode=CANCEL"
    echo "AccountingStorageType=accounting_storage/slurmdbd"
    echo "AccountingStorageHost=127.0.0.1"
    echo "AccountingStoragePort=$DBD_PORT"
    echo "AccountingStoragePass=$DIR/munge/munge.socket"
    echo "AccountingStorageTRES=gres/gpu,gres/gpu:h100"
    echo "AccountingStorageEnforce=associations,limits,qos"
    echo "AccountingStoreFlags=job_comment"
    echo "JobAcctGatherType=jobacct_gather/none"
    echo "JobCompType=jobcomp/none"
    echo "MinJobAge=600"
    echo "KillWait=5"
    echo "InactiveLimit=0"
    echo "SlurmctldTimeout=30"
    echo "SlurmdTimeout=60"
    echo "SlurmctldDebug=info"
    echo "SlurmdDebug=info"
    for node in "${NODES[@]}"; do
      read -r name gpus port <<<"$node"
      echo "NodeName=$name NodeHostname=$host NodeAddr=127.0.0.1 Port=$port CPUs=16 RealMemory=64000 Gres=gpu:h100:$gpus State=UNKNOWN"
    done
    echo "PartitionName=h100 Nodes=sy-h100-[0-2] Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO"
  } >"$DIR/etc/slurm.conf"
  : >"$DIR/etc/gres.conf"
  for node in "${NODES[@]}"; do
    read -r name gpus port <<<"$node"
    mkdir -p "$DIR/dev/$name" "$DIR/spool/$name"
    for ((i = 0; i < gpus; i++)); do : >"$DIR/dev/$name/nvidia$i"; done
    echo "NodeName=$name Name=gpu Type=h100 File=$DIR/dev/$name/nvidia[0-$((gpus - 1))]" >>"$DIR/etc/gres.conf"
  done
  echo "ConstrainDevices=no" >"$DIR/etc/cgroup.conf"
  {
    echo "AuthType=auth/munge"
    echo "AuthInfo=socket=$DIR/munge/munge.socket"
    echo "DbdHost=localhost"
    echo "DbdAddr=127.0.0.1"
    echo "DbdPort=$DBD_PORT"
    echo "SlurmUser=root"
    echo "PidFile=$DIR/run/slurmdbd.pid"
    echo "LogFile=$DIR/log/slurmdbd.log"
    echo "StorageType=accounting_storage/mysql"
    echo "StorageHost=127.0.0.1"
    echo "StoragePort=3306"
    echo "StorageUser=root"
    echo "StorageLoc=$DB"
  } >"$DIR/etc/slurmdbd.conf"
  chmod 600 "$DIR/etc/slurmdbd.conf"
}

# True when the pid file names a live process of that program (a pid left by a machine's earlier
# boot may belong to something else now).
running() { # running <pid file> <program>
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

wait_for() { # wait_for <seconds> <description> <command...>
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "slurm-test-cluster: $what did not come up within ${seconds}s (logs in $DIR/log)" >&2
  return 1
}

sacctmgr_quiet() { timeout 30 sacctmgr -i "$@" >/dev/null 2>&1 || true; }

start() {
  if answers && [ -f "$DIR/run/ready" ]; then
    echo "slurm-test-cluster: already up in $DIR"
    return 0
  fi
  write_config
  if ! munge -n -S "$DIR/munge/munge.socket" >/dev/null 2>&1; then
    munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
      --pid-file="$DIR/run/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/seed" 9>&-
    wait_for 10 munged munge -n -S "$DIR/munge/munge.socket"
  fi
  if ! running "$DIR/run/slurmdbd.pid" slurmdbd; then
    slurmdbd 2>>"$DIR/log/slurmdbd.err" 9>&-
    wait_for 60 slurmdbd bash -c "exec 3<>/dev/tcp/127.0.0.1/$DBD_PORT"
  fi
  sacctmgr_quiet add cluster "$CLUSTER"
  if ! running "$DIR/run/slurmctld.pid" slurmctld; then
    slurmctld -f "$SLURM_CONF" 2>>"$DIR/log/slurmctld.err" 9>&-
    wait_for 30 slurmctld answers
  fi
  for node in "${NODES[@]}"; do
    read -r name _ _ <<<"$node"
    if ! running "$DIR/run/slurmd-$name.pid" slurmd; then
      slurmd -f "$SLURM_CONF" -N "$name" 2>>"$DIR/log/slurmd-$name.err" 9>&-
    fi
  done
  wait_for 60 "GPU nodes" bash -c "[ \"\$(timeout 5 sinfo -h -N -t idle,mix,alloc -o %N | sort -u | wc -l)\" -ge ${#NODES[@]} ]"
  # QoS per tier: on-demand never preempted; interruptible and batch preempted by on-demand.
  sacctmgr_quiet add qos interruptible
  sacctmgr_quiet add qos batch
  sacctmgr_quiet add qos ondemand
  sacctmgr_quiet add qos reserved
  timeout 30 sacctmgr -i modify qos interruptible set Priority=10 PreemptMode=cancel >/dev/null
  timeout 30 sacctmgr -i modify qos batch set Priority=20 PreemptMode=cancel >/dev/null
  timeout 30 sacctmgr -i modify qos ondemand set Priority=100 Preempt=interruptible,batch PreemptMode=off >/dev/null
  timeout 30 sacctmgr -i modify qos reserved set Priority=100 Preempt=interruptible,batch PreemptMode=off >/dev/null
  # root submits for every account (the backend's jobs carry the tenant's account): every QoS.
  timeout 30 sacctmgr -i modify user root set qos+=ondemand,interruptible,batch,reserved >/dev/null || true
  touch "$DIR/run/ready"
  echo "slurm-test-cluster: up in $DIR (SLURM_CONF=$SLURM_CONF)"
}

stop_pid() { # stop_pid <pid file> <program>
  local file=$1
  if running "$file" "$2"; then
    kill "$(cat "$file")" || true
    for ((i = 0; i < 40; i++)); do kill -0 "$(cat "$file")" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$file"
}

stop() {
  rm -f "$DIR/run/ready"
  for node in "${NODES[@]}"; do
    read -r name _ _ <<<"$node"
    stop_pid "$DIR/run/slurmd-$name.pid" slurmd
  done
  stop_pid "$DIR/run/slurmctld.pid" slurmctld
  stop_pid "$DIR/run/slurmdbd.pid" slurmdbd
  stop_pid "$DIR/run/munged.pid" munged
  echo "slurm-test-cluster: stopped ($DIR kept)"
}

# One start or stop at a time (test files in parallel workers all ask for the cluster). The daemons
# are started with this lock's descriptor closed (`9>&-`), or they would hold the lock for life.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9

case "$cmd" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$SLURM_CONF" ;;
  *)
    echo "usage: $0 start|stop|env [DIR]" >&2
    exit 2
    ;;
esac
