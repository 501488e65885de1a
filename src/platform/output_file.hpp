// src/platform/output_file.hpp (private): the outputs of one command-line
// run, written all or none.
//
// What it is for: `kalkyl report --output r.md --chart c.svg` must either
// leave both files complete or leave the directory as it was, and never
// write a byte to the input it reads. A file is written to a temporary in the
// directory of its final name and renamed over it (rename(2) is atomic
// within a directory); standard output, a device or a FIFO cannot be
// replaced that way and is written in place, before any file is renamed, so
// that a failed write there (a full disk, a closed pipe) commits nothing.
// What it is not for: reading, or writing anything but the CLI's outputs.
//
// A platform part (DESIGN.md): output_file_posix.cpp is the POSIX version;
// the rest of kalkyl does not see file descriptors, modes or rename.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kalkyl::platform {

// An output that cannot be written, or that may not be: the message names the
// output and the reason ("cannot write r.md: No space left on device").
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The outputs of one run. Nothing reaches a final name before commit();
// an OutputSet destroyed without commit() removes its temporaries.
//
// The rules, for every file:
// - an existing file keeps its permission bits (and, where the system lets
//   the user, its owner and group); a file the user could not open for
//   writing is refused, as the shell's `>` would refuse it;
// - a new file gets the mode 0666 less the umask, as `>` gives it;
// - a symbolic link is followed: its target is replaced (the temporary lives
//   in the target's directory) and the link stays a link;
// - a file that is one of the run's inputs (the same device and inode, so
//   also through a link or a hard link) is refused, as is one file named
//   for two outputs, a directory and an empty name.
class OutputSet {
  public:
    OutputSet();
    ~OutputSet();
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // An input of the run (a path, or "-" for standard input) that no output
    // may be. Inputs that cannot be looked at are ignored: reading them
    // fails with its own message.
    void protect_input(const std::string& path);

    // `data` for the file `path` (what the user typed; `option` names it in
    // messages, e.g. "--chart"). A regular or new file is written to its
    // temporary now; a device or FIFO is kept for commit(). Throws
    // OutputError.
    void add_file(const std::string& option, const std::string& path, std::string data);

    // `data` for standard output, written by commit().
    void add_standard_output(std::string data);

    // Writes the outputs that are written in place (standard output, devices,
    // FIFOs; in the order added), then renames every temporary into place.
    // When an in-place write fails no file has been replaced and none will
    // be. Throws OutputError.
    void commit();

  private:
    struct Output;
    struct Input;
    std::vector<std::unique_ptr<Output>> outputs_;
    std::vector<Input> inputs_;
};

// Writes `data` to standard output at once (help texts, a version), every
// write checked. Throws OutputError.
void write_standard_output(const std::string& data);

// Called once at the start of main: a closed pipe on an output is reported as
// an error (EPIPE, exit status 2) rather than ending the process by SIGPIPE
// with nothing said.
void prepare_process_for_output();

}  // namespace kalkyl::platform
