// `pgcrate anonymize check` against the real server: personal-data columns without a rule and
// rules naming nothing exit 1 (text and JSON); full coverage exits 0.
#include <nlohmann/json.hpp>

#include "anonymize_itest.h"

namespace pgcrate::testing {
namespace {

TEST_F(AnonymizeTest, CheckListsUncoveredPersonalDataColumnsAndStaleRules) {
  UsersAndAuditLog(3);
  Exec("CREATE TABLE sessions (id int, client_ip inet, token text, created date)");
  Config(kUsersRules);
  CliRun r = Anon({"anonymize", "check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("public.sessions.client_ip"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("public.sessions.token"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("public.users.email"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("sessions.created"), std::string::npos) << r.out;

  CliRun j = Anon({"--json", "anonymize", "check"});
  EXPECT_EQ(j.exit_code, 1);
  auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["covered"], false);
  ASSERT_EQ(doc["uncovered"].size(), 2u) << j.out;
  EXPECT_EQ(doc["uncovered"][0]["table"], "sessions");
  EXPECT_TRUE(doc["unknown_rules"].empty());

  Config(std::string(kUsersRules) +
         "\"public.sessions.client_ip\" = \"null\"\n\"public.sessions.token\" = \"hash\"\n");
  CliRun ok = Anon({"anonymize", "check"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("every personal-data column has a rule"), std::string::npos);

  Config(std::string(kUsersRules) +
         "\"public.sessions.client_ip\" = \"null\"\n\"public.sessions.token\" = \"hash\"\n"
         "\"public.sessions.email\" = \"email\"\n");
  CliRun stale = Anon({"--json", "anonymize", "check"});
  EXPECT_EQ(stale.exit_code, 1);
  auto sdoc = nlohmann::json::parse(stale.out);
  ASSERT_EQ(sdoc["unknown_rules"].size(), 1u);
  EXPECT_EQ(sdoc["unknown_rules"][0]["line"], 9);
  EXPECT_EQ(sdoc["unknown_rules"][0]["reason"], "no column email in public.sessions");
}

TEST_F(AnonymizeTest, CheckRefusesABadRuleFileWithItsLine) {
  UsersAndAuditLog(1);
  Config("[anonymize]\n\"public.users.email\" = \"email\"\n\"users.name\" = \"name\"\n");
  CliRun r = Anon({"anonymize", "check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("pgcrate.toml:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("users.name"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pgcrate::testing
