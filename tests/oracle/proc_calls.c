/* Raw signal / process / sync calls for comparing my_strace with strace 6.1
   (tests/test_dec_proc.py::test_e2e_against_strace; also run by hand:
   gcc -o /tmp/proc_calls tests/oracle/proc_calls.c && strace -o A /tmp/proc_calls).
   Deterministic: no output depends on timing except the values the test drops. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <grp.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/ptrace.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <linux/filter.h>

static void handler(int s) { (void)s; }

int main(void)
{
    /* rt_sigaction */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_NOCLDSTOP | SA_NOCLDWAIT | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, &old);
    syscall(SYS_rt_sigaction, SIGUSR1, NULL, (void *)1, 8);
    syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 7);
    unsigned long k1[4] = {1, 0x80000000ul | 0x40000000ul | 0x1234, 0, ~0ul};
    syscall(SYS_rt_sigaction, SIGUSR1, k1, NULL, 8);
    unsigned long k2[4] = {0x1234, 0xffffffff, 0x5678, 0};
    syscall(SYS_rt_sigaction, SIGUSR1, k2, NULL, 8);
    unsigned long k3[4] = {~0ul, 0, 0, 0x7fffffffffffffff};
    syscall(SYS_rt_sigaction, 0, k3, NULL, 8);
    syscall(SYS_rt_sigaction, 99, (void *)1, NULL, 8);
    /* a handled signal: rt_sigreturn */
    signal(SIGUSR1, handler);
    raise(SIGUSR1);

    /* masks */
    sigset_t s, o;
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    sigaddset(&s, SIGRTMIN);
    sigaddset(&s, 64);
    sigprocmask(SIG_BLOCK, &s, &o);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    sigprocmask(SIG_SETMASK, &o, &s);
    syscall(SYS_rt_sigprocmask, 5, NULL, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, &o, 4);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8);
    sigpending(&s);

    /* sigtimedwait / sigqueueinfo */
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    kill(getpid(), SIGUSR2);
    siginfo_t si;
    struct timespec ts = {0, 1000};
    sigtimedwait(&s, &si, &ts);
    sigtimedwait(&s, &si, &ts);
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR2;
    si.si_code = SI_QUEUE;
    si.si_pid = 4321;
    si.si_value.sival_int = 42;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si);
    syscall(SYS_rt_sigtimedwait, &s, NULL, NULL, 8);
    syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR2, &si);
    syscall(SYS_rt_sigtimedwait, &s, &si, NULL, 8);

    /* sigaltstack */
    static char stack[65536];
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0}, os2;
    sigaltstack(&ss, &os2);
    sigaltstack(NULL, &os2);
    ss.ss_flags = 0x1234;
    sigaltstack(&ss, NULL);
    sigaltstack((void *)1, (void *)2);
    kill(getpid(), 0);
    syscall(SYS_tgkill, getpid(), gettid(), 0);

    /* limits, usage, scheduling, ids */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    setrlimit(RLIMIT_NOFILE, &rl);
    struct rlimit64 r64 = {1025, 4096};
    prlimit64(0, RLIMIT_CORE, &r64, NULL);
    r64.rlim_cur = 2048;
    r64.rlim_max = 3 * 1024 * 1024;
    prlimit64(0, RLIMIT_CORE, &r64, &r64);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    getrusage(99, (void *)1);
    cpu_set_t cs;
    CPU_ZERO(&cs);
    CPU_SET(0, &cs);
    sched_setaffinity(0, sizeof cs, &cs);
    sched_getaffinity(0, sizeof cs, &cs);
    sched_yield();
    struct sched_param sp;
    sched_getparam(0, &sp);
    sched_setscheduler(0, SCHED_OTHER, &sp);
    sched_getscheduler(0);
    sched_get_priority_max(SCHED_FIFO);
    syscall(SYS_sched_getattr, 0, &ru, 0, 0);
    getpriority(PRIO_PROCESS, 0);
    uid_t a, b, c;
    getresuid(&a, &b, &c);
    getresgid(&a, &b, &c);
    setresuid(-1, -1, -1);
    setreuid(-1, 0);
    gid_t g[3] = {0, 27, 100}, gg[8];
    setgroups(3, g);
    getgroups(8, gg);
    getgroups(0, NULL);
    getgroups(1, gg);
    long robh;
    size_t rlen;
    syscall(SYS_get_robust_list, 0, &robh, &rlen);

    /* timers */
    alarm(100);
    alarm(0);
    struct itimerval it = {{0, 0}, {100, 500}}, oit;
    setitimer(ITIMER_REAL, &it, &oit);
    it.it_value.tv_sec = 0;
    it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    timer_t tid;
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2};
    sev.sigev_value.sival_ptr = (void *)0x1234;
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
    sev.sigev_value.sival_ptr = 0;
    sev.sigev_notify = SIGEV_NONE;
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
    struct itimerspec its = {{0, 0}, {100, 0}}, oits;
    syscall(SYS_timer_settime, tid, 0, &its, &oits);
    syscall(SYS_timer_delete, tid);

    /* futex */
    int fut = 0;
    syscall(SYS_futex, &fut, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &fut, FUTEX_WAIT, 0, &ts, NULL, 0);
    syscall(SYS_futex, &fut, FUTEX_WAKE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &fut, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL,
            FUTEX_BITSET_MATCH_ANY);
    syscall(SYS_futex, &fut, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x55);
    syscall(SYS_futex, &fut, FUTEX_REQUEUE, 1, 2, &fut, 0);
    syscall(SYS_futex, &fut, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &fut, 0);
    syscall(SYS_futex, &fut, FUTEX_WAKE_OP, 1, 2, &fut,
            FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 1));
    syscall(SYS_futex, &fut, FUTEX_LOCK_PI, 1, &ts, NULL, 0);
    syscall(SYS_futex, &fut, FUTEX_UNLOCK_PI, 1, &ts, NULL, 0);
    syscall(SYS_futex, &fut, 0x7e, 1, &ts, &fut, 5);

    /* processes */
    pid_t p = fork();
    if (p == 0)
        _exit(3);
    int st;
    wait4(p, &st, 0, NULL);
    wait4(-1, &st, 0, NULL);
    struct clone_args ca = {0};
    pid_t ptid = 0;
    ca.flags = CLONE_PARENT_SETTID;
    ca.exit_signal = SIGCHLD;
    ca.parent_tid = (unsigned long)&ptid;
    p = syscall(SYS_clone3, &ca, sizeof ca);
    if (p == 0)
        _exit(0);
    waitid(P_PID, p, &si, WEXITED);
    syscall(SYS_clone3, (void *)8, 88);
    p = syscall(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, NULL, &ptid, NULL, 0);
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    syscall(SYS_unshare, 0);
    syscall(SYS_setns, 99, CLONE_NEWNS);
    syscall(SYS_membarrier, 0, 0);
    syscall(SYS_pidfd_send_signal, 99, SIGUSR1, NULL, 0);
    ptrace(PTRACE_ATTACH, 99999, 0, 0);
    ptrace(PTRACE_CONT, 99999, 0, SIGUSR1);
    struct __user_cap_header_struct hd = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct cd[2];
    syscall(SYS_capget, &hd, cd);
    struct sock_filter f[1] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &f[0].k);
    return 0;
}
