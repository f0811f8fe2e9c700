# Warnings and sanitizers as INTERFACE targets, linked only by lifecircle's own
# targets, so nothing leaks into third-party code or global flags.

add_library(lifecircle_warnings INTERFACE)
add_library(lifecircle::warnings ALIAS lifecircle_warnings)
target_compile_options(lifecircle_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wimplicit-fallthrough
  $<$<BOOL:${LIFECIRCLE_WERROR}>:-Werror>)

add_library(lifecircle_sanitizers INTERFACE)
add_library(lifecircle::sanitizers ALIAS lifecircle_sanitizers)
if(LIFECIRCLE_SANITIZE)
  target_compile_options(lifecircle_sanitizers INTERFACE
    -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=undefined,float-cast-overflow
    -fno-omit-frame-pointer)
  target_link_options(lifecircle_sanitizers INTERFACE -fsanitize=address,undefined,float-cast-overflow)
endif()
