// platform/output_file.hpp and the terminal test of console.hpp on POSIX:
// open(2) with O_EXCL for the temporary, write(2) and fsync(2) checked one by
// one, rename(2) into place.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <random>

#include "platform/console.hpp"
#include "platform/output_file.hpp"

namespace kalkyl::platform {

namespace {

std::string reason(int error) {
    return std::strerror(error);
}

[[noreturn]] void fail(const std::string& shown, int error) {
    throw OutputError("cannot write " + shown + ": " + reason(error));
}

// Writes all of `data` to `fd`; 0 or the errno of the write that failed. A
// descriptor that a parent left non-blocking is waited for, not given up on.
int write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n >= 0) {
            done += static_cast<std::size_t>(n);
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, -1);
        } else if (errno != EINTR) {
            return errno;
        }
    }
    return 0;
}

// Standard output and standard error are written through their descriptors
// (so that `>>` appends); `--output /dev/stdout` names the same file.
bool same_file(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// The file a chain of symbolic links ends in (the last component's links
// only: the directories on the way are resolved by the kernel alike for the
// temporary and for rename). A dangling link gives the name it points to, so
// that the file is created there, as `>` would create it.
std::string follow_links(const std::string& shown, const std::string& path) {
    std::string p = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        std::string target(4096, '\0');
        const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
        if (n < 0) fail(shown, errno);
        if (static_cast<std::size_t>(n) >= target.size()) fail(shown, ENAMETOOLONG);
        target.resize(static_cast<std::size_t>(n));
        p = target.front() == '/' ? target : directory_of(p) + target;
    }
    fail(shown, ELOOP);
}

// A name beside `target` that no one else uses: `target`.tmp.XXXXXX.
int create_temporary(const std::string& target, mode_t mode, std::string& name) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        name = target + ".tmp.";
        for (int i = 0; i < 6; ++i)
            name += alphabet[random() % (sizeof alphabet - 1)];
        // O_EXCL: never an existing file, never through a link planted there.
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    errno = EEXIST;
    return -1;
}

}  // namespace

struct OutputSet::Input {
    dev_t device;
    ino_t inode;
    std::string shown;
};

struct OutputSet::Output {
    std::string option;  // "--output", "--chart"; empty for standard output
    std::string shown;   // the name as the user gave it
    std::string target;  // the file replaced: `shown` after its links
    bool exists = false;
    struct stat st {};  // of the target, when it exists
    int fd = -1;        // in place: standard output's or standard error's, or -1 to open `shown`
    bool in_place = false;
    std::string data;       // in place: written by commit()
    std::string temporary;  // a file: its temporary, while it exists
    ~Output() {
        if (!temporary.empty()) ::unlink(temporary.c_str());
    }
};

OutputSet::OutputSet() = default;
OutputSet::~OutputSet() = default;

void OutputSet::protect_input(const std::string& path) {
    struct stat st;
    const int rc = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
    if (rc == 0 && S_ISREG(st.st_mode))
        inputs_.push_back({st.st_dev, st.st_ino,
                           path == "-" ? "the file on standard input" : "the input " + path});
}

void OutputSet::add_file(const std::string& option, const std::string& path, std::string data) {
    if (path.empty()) throw OutputError(option + " needs a file name; an empty one names none");
    auto out = std::make_unique<Output>();
    out->option = option;
    out->shown = path;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
        out->exists = true;
        out->st = st;
        if (S_ISDIR(st.st_mode)) throw OutputError("cannot write " + path + ": it is a directory");
        for (const Input& in : inputs_)
            if (in.device == st.st_dev && in.inode == st.st_ino)
                throw OutputError(option + " " + path + " is " + in.shown +
                                  "; it would be overwritten");
        for (const auto& other : outputs_)
            if (other->exists && S_ISREG(st.st_mode) && same_file(other->st, st))
                throw OutputError(option + " " + path + " is also " +
                                  (other->option.empty() ? "standard output"
                                                         : other->option + " " + other->shown));
        struct stat std_st;
        if (::fstat(STDOUT_FILENO, &std_st) == 0 && same_file(std_st, st))
            out->fd = STDOUT_FILENO;
        else if (::fstat(STDERR_FILENO, &std_st) == 0 && same_file(std_st, st))
            out->fd = STDERR_FILENO;
        // A device, a FIFO or a socket cannot be replaced by a renamed file
        // (as root a rename would swap /dev/null for a regular file), nor can
        // the file standard output already writes to.
        out->in_place = out->fd >= 0 || !S_ISREG(st.st_mode);
    } else if (errno != ENOENT) {
        fail(path, errno);
    }
    if (out->in_place) {
        out->data = std::move(data);
        outputs_.push_back(std::move(out));
        return;
    }
    out->target = follow_links(path, path);
    if (out->exists) {
        // What `>` would refuse: a file this user may not open for writing
        // (read-only, on a read-only file system, a running program).
        const int probe = ::open(out->target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (probe < 0) fail(path, errno);
        ::close(probe);
        struct stat target_st;
        // The links led elsewhere than the kernel's resolution (a link
        // changed meanwhile, or one of /proc's links that name no path).
        if (::stat(out->target.c_str(), &target_st) != 0 || !same_file(target_st, st))
            throw OutputError("cannot write " + path +
                              ": its symbolic link does not lead to a file name");
    } else {
        for (const auto& other : outputs_)
            if (!other->in_place && !other->exists && other->target == out->target)
                throw OutputError(option + " " + path + " is also " + other->option + " " +
                                  other->shown);
    }
    // A new file gets 0666 less the umask from open(2) itself; a replaced one
    // starts private and is given the old file's mode before it is renamed.
    const int fd = create_temporary(out->target, out->exists ? 0600 : 0666, out->temporary);
    if (fd < 0) {
        const int e = errno;
        out->temporary.clear();
        throw OutputError("cannot write " + path + ": cannot create a temporary file beside " +
                          out->target + ": " + reason(e));
    }
    int e = write_all(fd, data);
    if (e == 0 && out->exists) {
        // Owner and group first: chown(2) clears the set-user-ID bits that
        // fchmod() then restores. A user who is not root cannot give a file
        // away; the replaced file is then theirs, as with any program that
        // saves by rename, and at least the group is kept where allowed.
        if (::fchown(fd, out->st.st_uid, out->st.st_gid) != 0)
            (void)::fchown(fd, static_cast<uid_t>(-1), out->st.st_gid);
        if (::fchmod(fd, out->st.st_mode & 07777) != 0) e = errno;
    }
    // fsync before rename: after a crash the name holds the old file or the
    // new one, never an empty one.
    if (e == 0 && ::fsync(fd) != 0) e = errno;
    if (::close(fd) != 0 && e == 0) e = errno;
    if (e != 0) {
        ::unlink(out->temporary.c_str());
        out->temporary.clear();
        fail(path, e);
    }
    outputs_.push_back(std::move(out));
}

void OutputSet::add_standard_output(std::string data) {
    auto out = std::make_unique<Output>();
    out->shown = "standard output";
    out->fd = STDOUT_FILENO;
    out->in_place = true;
    out->data = std::move(data);
    // `kalkyl report ledger.csv >> ledger.csv`: the shell has opened it, but
    // nothing is written to it yet.
    if (::fstat(STDOUT_FILENO, &out->st) == 0 && S_ISREG(out->st.st_mode)) {
        for (const Input& in : inputs_)
            if (in.device == out->st.st_dev && in.inode == out->st.st_ino)
                throw OutputError("standard output is " + in.shown + "; it would be overwritten");
    }
    outputs_.push_back(std::move(out));
}

void OutputSet::commit() {
    for (const auto& out : outputs_) {
        if (!out->in_place) continue;
        int fd = out->fd;
        if (fd < 0) {
            fd = ::open(out->shown.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (fd < 0) fail(out->shown, errno);
        }
        int e = write_all(fd, is_terminal(fd) ? escape_for_terminal(out->data) : out->data);
        if (fd != out->fd && ::close(fd) != 0 && e == 0) e = errno;
        if (e != 0) fail(out->shown, e);
    }
    for (const auto& out : outputs_) {
        if (out->in_place) continue;
        if (std::rename(out->temporary.c_str(), out->target.c_str()) != 0) fail(out->shown, errno);
        out->temporary.clear();
        // The rename itself on disk; a directory that cannot be synced
        // (some file systems refuse) still holds the file.
        const std::string dir = directory_of(out->target);
        const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)::fsync(dfd);
            ::close(dfd);
        }
    }
}

void write_standard_output(const std::string& data) {
    const int e =
        write_all(STDOUT_FILENO, is_terminal(STDOUT_FILENO) ? escape_for_terminal(data) : data);
    if (e != 0) fail("standard output", e);
}

void prepare_process_for_output() {
    std::signal(SIGPIPE, SIG_IGN);
}

bool is_terminal(int fd) {
    return ::isatty(fd) == 1;
}

}  // namespace kalkyl::platform
