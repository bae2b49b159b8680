#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <string.h>
#include <stdlib.h>
#include <linux/fs.h>
int main() {
  int fd = open("/tmp/dec_fs_f2", O_RDWR|O_CREAT|O_TRUNC, 0644);
  write(fd, "hello world\n", 12);
  fcntl(fd, F_GETFD); fcntl(fd, F_SETFD, FD_CLOEXEC); fcntl(fd, F_GETFD);
  fcntl(fd, F_GETFL); fcntl(fd, F_SETFL, O_NONBLOCK|O_APPEND); fcntl(fd, F_GETFL);
  fcntl(fd, F_DUPFD, 10); fcntl(fd, F_DUPFD_CLOEXEC, 20);
  struct flock fl = {.l_type=F_WRLCK, .l_whence=SEEK_SET, .l_start=0, .l_len=5};
  fcntl(fd, F_SETLK, &fl); fcntl(fd, F_SETLKW, &fl); fcntl(fd, F_GETLK, &fl);
  fcntl(fd, F_OFD_SETLK, &fl); 
  fcntl(fd, F_GETOWN); fcntl(fd, F_SETOWN, 0); fcntl(fd, F_GETSIG); fcntl(fd, F_SETSIG, 10);
  fcntl(fd, F_GETLEASE); fcntl(fd, F_NOTIFY, 0);
  fcntl(fd, F_GETPIPE_SZ); fcntl(fd, F_GET_SEALS); fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL);
  fcntl(fd, 9999, 5);
  fcntl(fd, F_SETFL, 0);
  struct termios t; struct winsize ws;
  ioctl(0, TCGETS, &t); ioctl(fd, TCGETS, &t); ioctl(0, TIOCGWINSZ, &ws); ioctl(fd, TIOCGWINSZ, &ws);
  int n; ioctl(fd, FIONREAD, &n); ioctl(fd, FIOCLEX); ioctl(fd, FIONCLEX);
  int nb = 1; ioctl(fd, FIONBIO, &nb);
  ioctl(fd, _IOR('x', 0x33, int), &n);
  ioctl(fd, _IOW('Q', 0x1, long), &n);
  ioctl(fd, 0x1234, 0);
  long flags; ioctl(fd, FS_IOC_GETFLAGS, &flags);
  int pg; ioctl(0, TIOCGPGRP, &pg);
  return 0;
}
