// GRANT/REVOKE statements of sql_writer.h: the delta between two ACLs and its rendering.
#include "base/strings.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff {
namespace {

const catalog::Grant* Find(const catalog::Grants& list, const catalog::Grant& like) {
  for (const catalog::Grant& g : list) {
    if (g.grantee == like.grantee && g.privilege == like.privilege) return &g;
  }
  return nullptr;
}

// Grantees in order of first appearance.
std::vector<std::string> Grantees(const catalog::Grants& list) {
  std::vector<std::string> out;
  for (const catalog::Grant& g : list) {
    bool seen = false;
    for (const std::string& o : out) seen = seen || o == g.grantee;
    if (!seen) out.push_back(g.grantee);
  }
  return out;
}

void Keep(std::vector<GrantChange>& out, GrantChange c) {
  if (!c.privileges.empty()) out.push_back(std::move(c));
}

}  // namespace

std::vector<GrantChange> GrantDelta(const catalog::Grants& from, const catalog::Grants& to) {
  std::vector<GrantChange> out;
  for (const std::string& who : Grantees(from)) {
    GrantChange all{.grant = false, .grantee = who};
    GrantChange option{.grant = false, .grant_option = true, .grantee = who};
    for (const catalog::Grant& g : from) {
      if (g.grantee != who) continue;
      const catalog::Grant* now = Find(to, g);
      if (now == nullptr) {
        all.privileges.push_back(g.privilege);
      } else if (g.grantable && !now->grantable) {
        option.privileges.push_back(g.privilege);
      }
    }
    Keep(out, std::move(all));
    Keep(out, std::move(option));
  }
  for (const std::string& who : Grantees(to)) {
    GrantChange plain{.grantee = who}, with{.grant_option = true, .grantee = who};
    for (const catalog::Grant& g : to) {
      if (g.grantee != who) continue;
      const catalog::Grant* before = Find(from, g);
      if (before != nullptr && (before->grantable || !g.grantable)) continue;
      (g.grantable ? with : plain).privileges.push_back(g.privilege);
    }
    Keep(out, std::move(plain));
    Keep(out, std::move(with));
  }
  return out;
}

std::string DescribeGrants(const std::vector<GrantChange>& changes) {
  std::string out;
  for (const GrantChange& c : changes) {
    std::string who = c.grantee.empty() ? "owner" : c.grantee;
    std::string list = base::Join(c.privileges, ", ");
    out += out.empty() ? "" : "; ";
    if (c.grant) {
      out += "grant " + list + (c.grant_option ? " with grant option" : "") + " to " + who;
    } else {
      out += std::string("revoke ") + (c.grant_option ? "grant option for " : "") + list +
             " from " + who;
    }
  }
  return out;
}

std::string RoleSql(const std::string& role) {
  return role.empty() ? "CURRENT_USER" : sql::QuoteIdent(role);
}

std::string RenderGrant(const GrantChange& g, const std::string& target, const std::string& owner,
                        const std::string& column) {
  std::vector<std::string> privileges;
  for (const std::string& p : g.privileges) {
    privileges.push_back(column.empty() ? p : p + " (" + column + ")");
  }
  std::string grantee = g.grantee.empty()       ? owner
                        : g.grantee == "public" ? std::string("PUBLIC")
                                                : sql::QuoteIdent(g.grantee);
  std::string list = base::Join(privileges, ", ");
  if (g.grant) {
    return "GRANT " + list + " ON " + target + " TO " + grantee +
           (g.grant_option ? " WITH GRANT OPTION;" : ";");
  }
  return std::string("REVOKE ") + (g.grant_option ? "GRANT OPTION FOR " : "") + list + " ON " +
         target + " FROM " + grantee + ";";
}

}  // namespace pgcrate::diff
