#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <sys/personality.h>
#include <termios.h>
#include <time.h>
#include <utime.h>
#include <string.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/xattr.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
#include <linux/capability.h>
int main() {
  struct stat st; struct statx stx; struct statfs sfs; struct sysinfo si; struct utsname u;
  char buf[8192];
  int fd = open("/etc/passwd", O_RDONLY);
  fstat(fd, &st);
  stat("/dev/null", &st);
  lstat("/etc/nonexist", &st);
  syscall(SYS_newfstatat, AT_FDCWD, "/etc", &st, AT_SYMLINK_NOFOLLOW);
  statx(AT_FDCWD, "/etc/passwd", 0, STATX_ALL, &stx);
  statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx);
  statfs("/", &sfs);
  fstatfs(fd, &sfs);
  int d = open("/etc/apt", O_RDONLY|O_DIRECTORY);
  syscall(SYS_getdents64, d, buf, sizeof buf);
  syscall(SYS_getdents64, d, buf, sizeof buf);
  lseek(d, 0, SEEK_SET);
  syscall(SYS_getdents, d, buf, sizeof buf);
  readlink("/proc/self/exe", buf, sizeof buf);
  readlinkat(AT_FDCWD, "/etc/passwd", buf, sizeof buf);
  getcwd(buf, sizeof buf);
  sysinfo(&si);
  uname(&u);
  return 0;
}
