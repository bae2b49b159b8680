#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <linux/stat.h>
int main() {
  struct statx stx;
  statx(AT_FDCWD, "/etc/passwd", AT_STATX_FORCE_SYNC, 0xffffffff, &stx);
  statx(AT_FDCWD, "/etc/passwd", AT_STATX_DONT_SYNC|AT_SYMLINK_NOFOLLOW, 0x2000, &stx);
  statx(AT_FDCWD, "/dev/null", 0x6000, 0, &stx);
  statx(AT_FDCWD, "/dev/null", 0, STATX_TYPE|STATX_INO, &stx);
  void *p = mmap(0, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  mlock2(p, 4096, MLOCK_ONFAULT); syscall(SYS_mlock2, p, 4096, 0);
  mprotect(p, 4096, PROT_READ|PROT_GROWSDOWN);
  syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, -1);
  madvise(p, 4096, MADV_FREE); madvise(p, 4096, MADV_COLD);
  mremap(p, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, (char*)p + 65536*16);
  syscall(SYS_msync, p, 4096, MS_ASYNC); syscall(SYS_msync, p, 4096, 0);
  return 0;
}
