// (being written: the text layer)
#include "kalkyl/text.hpp"
