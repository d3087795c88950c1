# ASan + UBSan for the whole build when PGCRATE_SANITIZE is on (the test script builds it too).
if(PGCRATE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  # Not position-independent: ASan's descriptors of the globals (~100 MB of .data at -O0) then
  # need no relocation at every start. A sanitized process took ~39,000 page faults and 0.5-1 s
  # to start here as a PIE, ~13,000 and a third of that without; the test suite starts it
  # hundreds of times. Address randomisation does not matter for a test build.
  add_link_options(-fsanitize=address,undefined -no-pie)
endif()
