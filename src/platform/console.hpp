// src/platform/console.hpp (private): text on its way to a terminal.
//
// What it is for: a ledger's row name, a file name or an option value comes
// from outside and may hold control characters; printed raw on a terminal an
// ESC sequence can move the cursor, hide the lines above it, retitle the
// window or worse. Text that goes to a terminal and every message on standard
// error pass through here. What it is not for: files and pipes, which get the
// bytes as computed (a report written to a file is the report).
#pragma once

#include <string>
#include <string_view>

namespace kalkyl::platform {

// `text` with every C0 control character (except the line feed and the tab
// that lay out a report, and a CR right before LF: the line ends of SIE
// files), DEL and the C1 controls U+0080..U+009F written as \xNN, byte by
// byte. Other bytes, also broken UTF-8, are kept.
std::string escape_for_terminal(std::string_view text);

// Whether `fd` is a terminal (POSIX: isatty).
bool is_terminal(int fd);

// "kalkyl: MESSAGE" and a line feed on standard error, every control
// character in MESSAGE (a line feed too: one message is one line) escaped as
// escape_for_terminal() does. A message from the library already quotes its
// input (detail/quote.hpp) and passes through unchanged.
void print_message(std::string_view message);

}  // namespace kalkyl::platform
