// A scratch directory for the importer's unit tests (removed afterwards), and a check that a
// planned file reads back through migrate::ParseMigrationFile with the expected sections.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "importer/plan.h"
#include "migrate/migration_file.h"

namespace pgcrate::importer::testing {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pgcrate_import_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& content) {
    std::filesystem::path p = dir_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string dir() const { return dir_.string(); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // The plan, failing the test when PlanImport fails.
  ImportPlan Plan(Tool tool) {
    auto plan = PlanImport(tool, dir());
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? std::move(plan).value() : ImportPlan{};
  }

  std::filesystem::path dir_;
};

// The up and down sections pgcrate reads from a planned file.
inline migrate::MigrationFile Reparse(const PlannedMigration& m) {
  auto f = migrate::ParseMigrationFile(m.file.file_name, m.content);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? std::move(f).value() : migrate::MigrationFile{};
}

}  // namespace pgcrate::importer::testing
