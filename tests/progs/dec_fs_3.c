#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <stdlib.h>
#include <linux/fs.h>
int main() {
  int m = posix_openpt(O_RDWR|O_NOCTTY);
  int n; ioctl(m, TIOCGPTN, &n); int u = 0; ioctl(m, TIOCSPTLCK, &u);
  char *name = ptsname(m);
  int s = open(name, O_RDWR|O_NOCTTY);
  struct termios t; ioctl(s, TCGETS, &t);
  t.c_lflag &= ~(ICANON|ECHO); t.c_cc[VMIN]=1;
  ioctl(s, TCSETS, &t); ioctl(s, TCSETSW, &t); ioctl(s, TCSETSF, &t);
  struct winsize ws = {24, 80, 0, 0}; ioctl(s, TIOCSWINSZ, &ws); ioctl(s, TIOCGWINSZ, &ws);
  ioctl(s, TCFLSH, TCIFLUSH); ioctl(s, TCXONC, TCOON); ioctl(s, TCSBRK, 1);
  int pg = getpgrp(); ioctl(s, TIOCSPGRP, &pg); ioctl(s, TIOCGPGRP, &pg);
  ioctl(s, TIOCGSID, &pg); ioctl(s, TIOCSCTTY, 0); ioctl(s, TIOCOUTQ, &n); ioctl(s, TIOCNOTTY);
  ioctl(s, TIOCEXCL); ioctl(s, TIOCNXCL); int d; ioctl(s, TIOCGETD, &d);
  int f = open("/tmp/dec_fs_f3", O_RDWR|O_CREAT, 0644); int g = open("/tmp/dec_fs_f3b", O_RDWR|O_CREAT, 0644);
  ioctl(g, FICLONE, f); long fl = 0; ioctl(f, FS_IOC_SETFLAGS, &fl);
  ioctl(f, FIOASYNC, &u); ioctl(f, FIGETBSZ, &n); ioctl(f, FS_IOC_GETVERSION, &n);
  ioctl(f, _IOWR('T', 0x99, short), &n);
  ioctl(f, TCGETA, &t);
  return 0;
}
