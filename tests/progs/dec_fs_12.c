#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <sys/fanotify.h>
int main() {
  struct open_how h1 = {.flags = O_RDWR|O_CREAT, .mode = 0644};
  syscall(SYS_openat2, AT_FDCWD, "/tmp/dec_fs_o2", &h1, sizeof h1);
  struct open_how h2 = {.flags = O_RDONLY};
  syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &h2, sizeof h2);
  struct open_how h3 = {.flags = O_RDONLY, .mode = 0600, .resolve = 0x80};
  syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &h3, sizeof h3);
  syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", &h2, 8);
  syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", NULL, 24);
  syscall(SYS_fanotify_init, FAN_CLASS_CONTENT|FAN_NONBLOCK|FAN_REPORT_FID, O_RDWR|O_LARGEFILE);
  syscall(SYS_fanotify_init, 0, 0);
  syscall(SYS_ioprio_get, 2, 0); syscall(SYS_ioprio_set, 3, 0, (3<<13)|7);  syscall(SYS_ioprio_set, 1, 0, (9<<13)|7);
  return 0;
}
