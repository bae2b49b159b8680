#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <stdlib.h>
int main() {
  int m = posix_openpt(O_RDWR|O_NOCTTY);
  struct termios t = {0};
  t.c_iflag = 0xffffffff; t.c_oflag = 0xffffffff; t.c_cflag = 0x7fffffff; t.c_lflag = 0xffffffff;
  ioctl(m, TCSETS, &t);
  t.c_iflag = 0; t.c_oflag = OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL; t.c_cflag = CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS|B57600; t.c_lflag = 0;
  ioctl(m, TCSETS, &t);
  return 0;
}
