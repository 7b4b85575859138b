# A cluster of real OpenSSH servers on loopback for tests/remote.bats: `load ssh_helper`.
#
# ssh_cluster_start (in setup_file) makes a private directory with throwaway host and user keys,
# an authorized_keys file and an sshd config, and starts one sshd for each of 127.0.0.1 and
# 127.0.0.2 on one free port (so one of them can be killed alone). An `ssh` wrapper first on
# PATH passes -F to a client config that uses those keys and a known_hosts file of its own, so
# nothing in ~/.ssh is read or written; lanes and GNU parallel both find it by its name.
# ssh_cluster_stop (in teardown_file) kills the servers and removes the directory.
# need_sshd skips a test, with the reason, when the cluster could not be started.
#
# Exported: SSH_DIR (the directory), SSH_PORT, SSH_HOST1, SSH_HOST2 (the addresses), SSHD_PID1,
# SSHD_PID2.

SSH_HOST1=127.0.0.1
SSH_HOST2=127.0.0.2

# ssh_free_port: a TCP port nothing listens on at 127.0.0.1 or 127.0.0.2.
ssh_free_port() {
    local p tries=0
    while [ "$tries" -lt 50 ]; do
        p=$((20000 + (RANDOM * 7 + $$) % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null &&
            ! (exec 3<>"/dev/tcp/127.0.0.2/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
        tries=$((tries + 1))
    done
    return 1
}

# ssh_start_server ADDR N: one sshd on ADDR:$SSH_PORT; its pid into SSHD_PIDN.
ssh_start_server() {
    local addr=$1 n=$2 i=0
    sed "s/@ADDR@/$addr/" "$SSH_DIR/sshd_config.in" >"$SSH_DIR/sshd_config$n"
    /usr/sbin/sshd -D -f "$SSH_DIR/sshd_config$n" -E "$SSH_DIR/sshd$n.log" &
    eval "SSHD_PID$n=$!"
    export "SSHD_PID$n"
    until (exec 3<>"/dev/tcp/$addr/$SSH_PORT") 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 200 ] || return 1
        sleep 0.05
    done
}

ssh_write_configs() {
    cat >"$SSH_DIR/sshd_config.in" <<EOF
ListenAddress @ADDR@
Port $SSH_PORT
HostKey $SSH_DIR/host_key
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile none
MaxSessions 100
MaxStartups 100:30:200
LogLevel ERROR
EOF
    cat >"$SSH_DIR/ssh_config" <<EOF
Host *
    Port $SSH_PORT
    IdentityFile $SSH_DIR/user_key
    IdentitiesOnly yes
    UserKnownHostsFile $SSH_DIR/known_hosts
    StrictHostKeyChecking no
    BatchMode yes
    LogLevel ERROR
    ConnectTimeout 10
EOF
    mkdir -p "$SSH_DIR/bin"
    printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$SSH_DIR/ssh_config" >"$SSH_DIR/bin/ssh"
    chmod +x "$SSH_DIR/bin/ssh"
}

ssh_cluster_start() {
    export SSH_READY=
    if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
        export SSH_SKIP="sshd is not installed (apt-get install openssh-server openssh-client)"
        return 0
    fi
    SSH_DIR=$(mktemp -d "${BATS_RUN_TMPDIR:-/tmp}/sshd.XXXXXX")
    export SSH_DIR
    chmod 700 "$SSH_DIR"
    mkdir -p /run/sshd 2>/dev/null || :
    ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_key" &&
        ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/user_key" &&
        cp "$SSH_DIR/user_key.pub" "$SSH_DIR/authorized_keys" || {
        export SSH_SKIP="ssh-keygen failed"
        return 0
    }
    SSH_PORT=$(ssh_free_port) || {
        export SSH_SKIP="no free port on loopback"
        return 0
    }
    export SSH_PORT SSH_HOST1 SSH_HOST2
    ssh_write_configs
    if ! ssh_start_server "$SSH_HOST1" 1 || ! ssh_start_server "$SSH_HOST2" 2; then
        export SSH_SKIP="sshd could not be started: $(cat "$SSH_DIR"/sshd*.log 2>/dev/null | head -c 300)"
        return 0
    fi
    if ! PATH="$SSH_DIR/bin:$PATH" ssh "$SSH_HOST1" true </dev/null 2>"$SSH_DIR/probe.err"; then
        export SSH_SKIP="cannot log in to the test sshd: $(head -c 300 "$SSH_DIR/probe.err")"
        return 0
    fi
    export SSH_READY=1
}

ssh_cluster_stop() {
    local p
    for p in "${SSHD_PID1:-}" "${SSHD_PID2:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null || :
    done
    [ -n "${SSH_DIR:-}" ] && [ -d "$SSH_DIR" ] && rm -rf "$SSH_DIR"
    return 0
}

# need_sshd: skip unless the cluster runs; puts the ssh wrapper first on PATH.
need_sshd() {
    [ -n "${SSH_READY:-}" ] || skip "${SSH_SKIP:-the test sshd is not running}"
    PATH="$SSH_DIR/bin:$PATH"
}

# no_remote_left WORD: no process with WORD in its command line is left (bounded wait); the
# hosts are loopback ones, so their processes are this machine's.
no_remote_left() {
    local i=0
    while pgrep -f -- "$1" >/dev/null; do
        i=$((i + 1))
        [ "$i" -le 100 ] || fail "a process with '$1' is still running: $(pgrep -af -- "$1")"
        sleep 0.1
    done
}
