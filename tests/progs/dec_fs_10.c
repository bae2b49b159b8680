#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <utime.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/inotify.h>
#include <sys/time.h>
#include <time.h>
#include <sys/mount.h>
int main() {
  struct utimbuf ub = {5, 1700000000};
  int fd = open("/tmp/dec_fs_t10", O_CREAT|O_RDWR, 0600);
  syscall(SYS_utime, "/tmp/dec_fs_t10", &ub);
  syscall(SYS_time, (time_t[1]){0});
  struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  syscall(SYS_utimensat, fd, NULL, ts, 0);
  syscall(SYS_utimensat, AT_FDCWD, "/tmp/dec_fs_t10", ts, AT_SYMLINK_NOFOLLOW|0x8000);
  struct timespec bad[2] = {{-1, 0}, {0, 999999999}}; syscall(SYS_utimensat, fd, NULL, bad, 0);
  syscall(SYS_inotify_init1, 0);
  unlink("/tmp/dec_fs_t10");
  syscall(SYS_faccessat, AT_FDCWD, "/etc", W_OK);
  syscall(SYS_fchmodat, AT_FDCWD, "/nonexistent", 01777);
  syscall(SYS_mkdirat, 3, "x", 0);
  syscall(SYS_umount2, "/nonexistent", 0);
  syscall(SYS_mount, NULL, "/nonexistent", NULL, MS_REMOUNT|MS_BIND, NULL);
  syscall(SYS_mount, "/a", "/nonexistent", NULL, MS_MGC_VAL|MS_BIND, NULL);
  return 0;
}
