#define _GNU_SOURCE
#include <sys/prctl.h>
#include <linux/prctl.h>
#include <signal.h>
#include <unistd.h>
int main() {
  int v;
  prctl(PR_GET_KEEPCAPS); prctl(PR_SET_KEEPCAPS, 1); prctl(PR_SET_KEEPCAPS, 0);
  prctl(PR_SET_CHILD_SUBREAPER, 1); prctl(PR_GET_CHILD_SUBREAPER, &v);
  prctl(PR_GET_TIMERSLACK); prctl(PR_SET_TIMERSLACK, 50000);
  prctl(PR_GET_SECUREBITS); prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0); prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
  prctl(PR_SET_DUMPABLE, 1); prctl(PR_GET_SECCOMP); prctl(PR_CAPBSET_DROP, 77);
  prctl(PR_SET_PDEATHSIG, 0); prctl(PR_GET_TSC, &v); prctl(PR_SET_NAME, "a-very-long-process-name");
  prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0, 0, 0); prctl(0x12345, 1, 2, 3, 4);
  prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0, 0, 0);
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 21, 0, 0);
  prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
  prctl(PR_MCE_KILL_GET, 0, 0, 0, 0);
  prctl(PR_SET_SECCOMP, 99); prctl(PR_SET_PTRACER, 0); prctl(PR_GET_IO_FLUSHER, 0,0,0,0);
  return 0;
}
