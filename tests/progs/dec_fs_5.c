#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <sys/personality.h>
#include <sys/mount.h>
#include <time.h>
#include <utime.h>
#include <string.h>
#include <stdlib.h>
#include <sys/xattr.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/sysmacros.h>
int main() {
  int fd = open("/tmp/dec_fs_f5", O_RDWR|O_CREAT|O_TRUNC, 0600);
  write(fd, "0123456789", 10);
  lseek(fd, 2, SEEK_SET); lseek(fd, -1, SEEK_END); lseek(fd, 0, SEEK_DATA); lseek(fd, 0, 77);
  posix_fadvise(fd, 0, 100, POSIX_FADV_DONTNEED);
  fallocate(fd, FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, 0, 4096);
  fallocate(fd, 0, 0, 8192);
  struct timespec ts[2] = {{1, 2}, {0, UTIME_OMIT}};
  utimensat(AT_FDCWD, "/tmp/dec_fs_f5", ts, 0);
  struct timespec ts2[2] = {{0, UTIME_NOW}, {1700000000, 5}};
  utimensat(fd, NULL, ts2, AT_SYMLINK_NOFOLLOW);
  utimensat(AT_FDCWD, "/tmp/dec_fs_f5", NULL, 0);
  struct timeval tv[2] = {{1, 2}, {3, 4}};
  syscall(SYS_futimesat, AT_FDCWD, "/tmp/dec_fs_f5", tv);
  struct utimbuf ub = {5, 6}; utime("/tmp/dec_fs_f5", &ub); utimes("/tmp/dec_fs_f5", tv);
  void *p = mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  mprotect(p, 4096, PROT_NONE); madvise(p, 8192, MADV_DONTNEED); msync(p, 4096, MS_SYNC|MS_INVALIDATE);
  unsigned char vec[2]; mincore(p, 8192, vec);
  mlock(p, 4096); munlock(p, 4096); mlockall(MCL_CURRENT); munlockall();
  p = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
  munmap(p, 16384);
  syscall(SYS_brk, 0);
  int m = syscall(SYS_memfd_create, "myname", MFD_CLOEXEC|MFD_ALLOW_SEALING);
  umask(022); chmod("/tmp/dec_fs_f5", 0644); fchmod(fd, 04755); fchmodat(AT_FDCWD, "f5", 0600, 0);
  access("/etc/passwd", R_OK|W_OK); access("/etc/passwd", F_OK); faccessat(AT_FDCWD, "/etc", X_OK, AT_EACCESS);
  syscall(SYS_faccessat2, AT_FDCWD, "/etc", X_OK, AT_EACCESS);
  unlink("/tmp/dec_fs_nx"); unlinkat(AT_FDCWD, "/tmp/dec_fs_nxd", AT_REMOVEDIR);
  rename("/tmp/dec_fs_nx", "/tmp/dec_fs_ny"); renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE);
  link("/tmp/dec_fs_nx", "/tmp/dec_fs_ny"); linkat(AT_FDCWD, "a", AT_FDCWD, "b", AT_SYMLINK_FOLLOW);
  symlink("/tmp/dec_fs_nx", "/tmp/dec_fs_f5"); symlinkat("x", AT_FDCWD, "/tmp/dec_fs_f5");
  mount("none", "/tmp/dec_fs_nomnt", "tmpfs", MS_RDONLY|MS_NOSUID, "size=1m"); umount2("/tmp/dec_fs_nomnt", MNT_DETACH);
  int in = inotify_init1(IN_NONBLOCK|IN_CLOEXEC);
  int w = inotify_add_watch(in, "/tmp", IN_CREATE|IN_DELETE); inotify_rm_watch(in, w);
  int fd2 = open("/tmp/dec_fs_f5b", O_RDWR|O_CREAT|O_TRUNC, 0600);
  off_t off = 0; sendfile(fd2, fd, &off, 5); sendfile(fd2, fd, NULL, 5);
  loff_t o1 = 0, o2 = 0; copy_file_range(fd, &o1, fd2, &o2, 3, 0);
  int pp[2]; pipe(pp); splice(fd, &o1, pp[1], NULL, 4, SPLICE_F_MOVE|SPLICE_F_NONBLOCK);
  truncate("/tmp/dec_fs_f5", 3); ftruncate(fd, 2); sync_file_range(fd, 0, 10, SYNC_FILE_RANGE_WRITE);
  setxattr("/tmp/dec_fs_f5", "user.foo", "bar\0baz", 7, XATTR_CREATE);
  char xb[256]; getxattr("/tmp/dec_fs_f5", "user.foo", xb, sizeof xb); getxattr("/tmp/dec_fs_f5", "user.nx", xb, sizeof xb);
  listxattr("/tmp/dec_fs_f5", xb, sizeof xb); fgetxattr(fd, "user.foo", xb, 0); removexattr("/tmp/dec_fs_f5", "user.foo");
  lsetxattr("/tmp/dec_fs_f5", "user.a", "x", 1, 0); fsetxattr(fd, "user.b", "y", 1, XATTR_REPLACE); flistxattr(fd, NULL, 0);
  struct timespec now; clock_gettime(CLOCK_MONOTONIC, &now); clock_getres(CLOCK_REALTIME, &now);
  struct timeval tvv; gettimeofday(&tvv, NULL);
  struct timespec sl = {0, 1000}; nanosleep(&sl, NULL); clock_nanosleep(CLOCK_MONOTONIC, 0, &sl, NULL);
  struct timespec abs; clock_gettime(CLOCK_REALTIME, &abs); clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
  struct tms tm; times(&tm); times(NULL);
  getpriority(PRIO_PROCESS, 0); setpriority(PRIO_PROCESS, 0, 0);
  personality(0xffffffff); personality(PER_LINUX);
  prctl(PR_SET_NAME, "newcomm"); char nm[16]; prctl(PR_GET_NAME, nm); prctl(PR_SET_PDEATHSIG, SIGTERM);
  prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN); prctl(PR_GET_DUMPABLE); prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  int sig; prctl(PR_GET_PDEATHSIG, &sig);
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0}; struct __user_cap_data_struct cd[2];
  syscall(SYS_capget, &h, cd); syscall(SYS_capset, &h, cd);
  syscall(SYS_time, NULL);
  syscall(SYS_sync); syncfs(fd); fsync(fd); fdatasync(fd);
  char cwd[200]; syscall(SYS_getcwd, cwd, 2);
  chdir("/tmp"); fchdir(fd); mkdir("/tmp/dec_fs_dd", 0755); rmdir("/tmp/dec_fs_dd"); mknod("/tmp/dec_fs_nod", S_IFIFO|0644, 0);
  mknodat(AT_FDCWD, "/tmp/dec_fs_nod2", S_IFCHR|0600, makedev(1, 3)); unlink("/tmp/dec_fs_nod"); 
  chown("/tmp/dec_fs_f5", 0, -1); lchown("/tmp/dec_fs_f5", -1, 0); fchown(fd, 0, 0); fchownat(AT_FDCWD, "f5", 0, 0, AT_SYMLINK_NOFOLLOW);
  flock(fd, LOCK_EX|LOCK_NB);
  chroot("/nonexistent"); 
  struct rusage ru; getrusage(RUSAGE_SELF, &ru);
  return 0;
}
