# Warnings every pgcrate target compiles with; -Werror comes from PGCRATE_WERROR (CI sets it).
function(pgcrate_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
    -Wno-missing-field-initializers)
  if(PGCRATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
