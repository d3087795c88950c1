#include "pgcrate/status.h"

namespace pgcrate {

std::string Status::ToString() const {
  std::string out;
  if (!location_.file.empty()) {
    out += location_.file;
    if (location_.line > 0) {
      out += ":" + std::to_string(location_.line);
      if (location_.column > 0) out += ":" + std::to_string(location_.column);
    }
    out += ": ";
  }
  out += message_;
  return out;
}

}  // namespace pgcrate
