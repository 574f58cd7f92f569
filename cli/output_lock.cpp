#include "cli/output_lock.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"

namespace anesim {

OutputLock::OutputLock(const std::filesystem::path& dir) : m_path(dir / ".anesim-sweep.lock") {
  // The holder removes the file when done. One that opened it just before then locks a file no
  // longer in the folder: it sees the name now leads elsewhere (or nowhere) and tries again.
  for (;;) {
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
      throw Error("cannot create the lock file '" + m_path.string() + "': " + std::strerror(errno), "check that the -o folder is writable");
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(m_fd);
      m_fd = -1;
      if (error == EWOULDBLOCK) {
        throw Error("another sweep is writing to '" + dir.string() + "' (it holds " + m_path.filename().string() + ")",
                    "wait for it to finish, or give this sweep its own -o folder");
      }
      throw Error("cannot lock '" + m_path.string() + "': " + std::strerror(error), "check the -o folder");
    }
    struct stat held {}, named {};
    if (::fstat(m_fd, &held) == 0 && ::stat(m_path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      return;
    }
    ::close(m_fd);
    m_fd = -1;
  }
}

OutputLock::~OutputLock() {
  if (m_fd < 0) return;
  ::unlink(m_path.c_str());  // while still held, so nobody locks the name in between
  ::close(m_fd);
}

}  // namespace anesim
