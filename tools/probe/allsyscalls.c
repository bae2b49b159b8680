/* Calls every syscall number 0..469 once with zero arguments, after a seccomp
   filter made every one but exit_group fail with ENOSYS without running. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/prctl.h>
#include <stddef.h>
static long sc(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
void _start(void) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 231, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38),
    };
    struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
    sc(157, PR_SET_NO_NEW_PRIVS, 1, 0);              /* prctl */
    sc(317, SECCOMP_SET_MODE_FILTER, 0, (long)&prog); /* seccomp */
    for (long n = 0; n < 470; n++)
        if (n != 231 && n != 335 && n != 336)
            sc(n, 0, 0, 0);
    sc(231, 0, 0, 0);
    for (;;);
}
