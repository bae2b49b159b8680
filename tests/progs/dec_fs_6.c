#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <string.h>
#include <stdlib.h>
#include <asm/prctl.h>
#include <sys/statfs.h>
#include <sys/inotify.h>
#include <sys/sysinfo.h>
#include <sys/xattr.h>
int main() {
  struct stat st; char buf[64];
  syscall(SYS_stat, "/etc/passwd", &st); syscall(SYS_lstat, "/etc/localtime", &st); int nul = open("/dev/null", O_RDONLY); syscall(SYS_fstat, nul, &st);
  syscall(SYS_stat, "/nonexistent", &st);
  struct timespec ts; struct timeval tv; struct timezone tz;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts); syscall(SYS_clock_getres, CLOCK_REALTIME, &ts);
  syscall(SYS_clock_gettime, 77, &ts);
  syscall(SYS_gettimeofday, &tv, &tz); syscall(SYS_gettimeofday, &tv, NULL);
  struct timespec req = {0, 5000}, rem; syscall(SYS_nanosleep, &req, &rem);
  unsigned long fs; syscall(SYS_arch_prctl, ARCH_GET_FS, &fs); syscall(SYS_arch_prctl, 0x9999, 0);
  readlink("/etc/localtime", buf, 5); readlink("/etc/localtime", buf, sizeof buf);
  readlinkat(AT_FDCWD, "/proc/self/cwd", buf, sizeof buf);
  syscall(SYS_getcwd, buf, sizeof buf);
  int fd = open("/etc/passwd", O_RDONLY);
  void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  void *q = mmap(NULL, 8192, PROT_READ|PROT_EXEC, MAP_SHARED|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
  mmap(q, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0);
  mprotect(q, 4096, PROT_READ|PROT_WRITE|PROT_EXEC); munmap(p, 4096); munmap(q, 8192);
  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|(21<<MAP_HUGE_SHIFT), -1, 0);
  madvise(0, 0, MADV_HUGEPAGE); madvise(0, 0, 77);
  syscall(SYS_memfd_create, "a", MFD_HUGETLB|MFD_CLOEXEC|(21<<26));
  int in = inotify_init(); inotify_add_watch(in, "/tmp", IN_ALL_EVENTS|IN_ONLYDIR|IN_EXCL_UNLINK);
  struct statfs sf; statfs("/proc", &sf); statfs("/dev/shm", &sf); fstatfs(99, &sf);
  truncate("/nonexistent", 0); access("/nonexistent", R_OK|X_OK);
  getxattr("/etc/passwd", "security.selinux", buf, sizeof buf);
  char big[100]; memset(big, 'a', sizeof big);
  setxattr("/tmp/dec_fs_nx", "user.big", big, sizeof big, 0);
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  syscall(SYS_fadvise64, fd, 0, 0, 99);
  syscall(SYS_readahead, fd, 0, 4096);
  syscall(SYS_utime, "/nonexistent", NULL);
  struct timeval tvs[2] = {{0,0},{0,0}}; syscall(SYS_utimes, "/nonexistent", tvs);
  chdir("/nonexistent"); umask(0777); umask(07022);
  syscall(SYS_brk, 0); 
  return 0;
}
