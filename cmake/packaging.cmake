# Debian packages (scripts/package.sh runs `cpack -G DEB` in a build tree):
#   pgcrate      the binary, its man pages, bash/zsh/fish completions, docs and copyright
#   pgcrate-dev  the embeddable static libraries, include/pgcrate/ and the CMake package
# Depends: of pgcrate are computed by dpkg-shlibdeps from the binary, plus libpq5 and libssl3,
# which the binary loads on first use (base/lazy_library.h) and so does not list as NEEDED.
include(GNUInstallDirs)

set(PGCRATE_DOC_DIR "${CMAKE_INSTALL_DATADIR}/doc/pgcrate")
install(FILES README.md docs/llms.txt DESTINATION "${PGCRATE_DOC_DIR}" COMPONENT runtime)
install(DIRECTORY docs/ DESTINATION "${PGCRATE_DOC_DIR}/docs" COMPONENT runtime
  FILES_MATCHING PATTERN "*.md")
install(FILES packaging/copyright DESTINATION "${PGCRATE_DOC_DIR}" COMPONENT runtime)
install(FILES packaging/copyright DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/pgcrate-dev"
  COMPONENT devel)
# The Debian changelog of this native package (packaging/changelog.in with the project's
# version), gzipped without a name or time stamp so that the package stays reproducible.
configure_file(packaging/changelog.in "${CMAKE_BINARY_DIR}/packaging/changelog" @ONLY)
add_custom_command(
  OUTPUT "${CMAKE_BINARY_DIR}/packaging/changelog.gz"
  COMMAND gzip -9nc "${CMAKE_BINARY_DIR}/packaging/changelog" >
          "${CMAKE_BINARY_DIR}/packaging/changelog.gz"
  DEPENDS "${CMAKE_BINARY_DIR}/packaging/changelog"
  VERBATIM)
add_custom_target(pgcrate_changelog ALL DEPENDS "${CMAKE_BINARY_DIR}/packaging/changelog.gz")
install(FILES "${CMAKE_BINARY_DIR}/packaging/changelog.gz" DESTINATION "${PGCRATE_DOC_DIR}"
  COMPONENT runtime)
install(FILES "${CMAKE_BINARY_DIR}/packaging/changelog.gz"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/pgcrate-dev" COMPONENT devel)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pgcrate)
set(CPACK_PACKAGE_VENDOR pgcrate)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "pgcrate maintainers <maintainers@pgcrate.dev>")
# Each package's description is its component's: the first line is the synopsis (CPack puts
# CPACK_PACKAGE_DESCRIPTION_SUMMARY in front of it when that is set, so it is not).
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://pgcrate.dev")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME pgcrate)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libpq5, libssl3")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "postgresql-client, graphviz")
string(CONCAT CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "PostgreSQL migrations, schema tools and health checks in one binary\n"
  "pgcrate runs migrations safely on live databases, lints them, keeps views and\n"
  "functions declarative, builds SQL models, loads seeds, introspects and diffs\n"
  "schemas, detects drift, and diagnoses and fixes database health problems.")

set(CPACK_DEBIAN_DEVEL_PACKAGE_NAME pgcrate-dev)
set(CPACK_DEBIAN_DEVEL_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVEL_PACKAGE_DEPENDS
  "libpq-dev, libpg-query-dev, libprotobuf-c-dev, libssl-dev, nlohmann-json3-dev, pkg-config")
string(CONCAT CPACK_COMPONENT_DEVEL_DESCRIPTION
  "pgcrate's migration engine as a C++ library\n"
  "The static libraries, headers and CMake package (find_package(pgcrate)) of\n"
  "pgcrate::Migrator, for programs that migrate their own database.")

include(CPack)
