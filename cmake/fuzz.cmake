# libFuzzer builds (PGCRATE_FUZZ, scripts/fuzz.sh): every library is compiled with the fuzzer's
# coverage instrumentation and ASan + UBSan (UB is fatal), and the targets of fuzz/ link
# libFuzzer's main (-fsanitize=fuzzer, see fuzz/CMakeLists.txt). Clang only: GCC has no
# libFuzzer. The other programs of such a build (pgcrate, the test programs) are ordinary
# sanitized programs: the coverage hooks are the sanitizer runtime's no-ops there, so one build
# serves the fuzz targets and the sanitized tests (scripts/test.sh).
if(PGCRATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PGCRATE_FUZZ=ON needs clang (libFuzzer); this build uses "
      "${CMAKE_CXX_COMPILER_ID}. Configure a fresh build directory with "
      "-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does), and "
      "install clang and libclang-rt-14-dev (scripts/setup.sh).")
  endif()
  if(PGCRATE_SANITIZE)
    message(FATAL_ERROR "PGCRATE_FUZZ=ON already builds with ASan + UBSan; leave "
      "PGCRATE_SANITIZE off.")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  # Not position-independent, like PGCRATE_SANITIZE (cmake/sanitizers.cmake says why): the
  # test script runs the unit tests and the sanitized CLI tests from this build too.
  add_link_options(-fsanitize=address,undefined -no-pie)
endif()
