#include "pg/columns.h"

#include <libpq-fe.h>

#include <cstring>

namespace pgcrate::pg {

int Columns::operator()(const char* name) {
  pg_result* res = r_.raw();
  int col = res ? PQfnumber(res, name) : -1;
  int same = 0;
  for (int c = col; c >= 0 && c < r_.columns(); ++c) {
    if (std::strcmp(PQfname(res, c), PQfname(res, col)) == 0) ++same;
  }
  if (same == 1) return col;
  if (status_.ok()) {
    std::string problem =
        same == 0 ? "has no column \"" + std::string(name) + "\""
                  : "has " + std::to_string(same) + " columns named \"" + PQfname(res, col) + "\"";
    status_ = Status(Code::kInternal, "the result of the " + what_ + " query " + problem + ".");
  }
  return -1;
}

}  // namespace pgcrate::pg
