#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/mman.h>
int main() {
  int p[2]; pipe(p);
  fcntl(p[0], F_GETPIPE_SZ); fcntl(p[0], F_SETPIPE_SZ, 8192);
  fcntl(p[0], F_SETSIG, SIGRTMIN+2); fcntl(p[0], F_GETSIG); fcntl(p[0], F_SETOWN, getpid()); fcntl(p[0], F_GETOWN);
  syscall(SYS_fcntl, p[0], F_GETOWN);
  int m = memfd_create("s", MFD_ALLOW_SEALING);
  fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK|F_SEAL_GROW); fcntl(m, F_GET_SEALS);
  fcntl(m, F_SETLEASE, F_RDLCK); fcntl(m, F_NOTIFY, DN_MODIFY|DN_MULTISHOT);
  struct flock fl = {.l_type=F_RDLCK, .l_whence=SEEK_CUR, .l_start=-5, .l_len=0};
  fcntl(m, F_SETLKW, &fl); fcntl(m, F_OFD_GETLK, &fl); fcntl(m, F_GETLK, (void*)1);
  struct f_owner_ex o = {F_OWNER_PGRP, 0}; fcntl(m, F_SETOWN_EX, &o);
  unsigned long long h = RWH_WRITE_LIFE_SHORT; fcntl(m, F_SET_RW_HINT, &h); fcntl(m, F_GET_RW_HINT, &h);
  fcntl(m, F_DUPFD_CLOEXEC, 100); fcntl(m, F_SETFL, O_RDWR|O_DIRECT|O_NOATIME);
  fcntl(m, F_SETFD, 0); fcntl(m, F_SETFD, 3);
  return 0;
}
