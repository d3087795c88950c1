# ASan + UBSan for the whole build when PGCRATE_SANITIZE is on (the test script builds it too).
if(PGCRATE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
