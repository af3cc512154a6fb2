# -DKEYGATE_FUZZ=ON (with clang): every library is compiled with libFuzzer's coverage
# instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer, so that the fuzz targets in
# fuzz/ see into the code they drive; the targets themselves link libFuzzer (fuzz/CMakeLists.txt).
# Configure it in its own build directory (`make fuzz` uses build-fuzz), never in the main one.
option(KEYGATE_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(KEYGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "KEYGATE_FUZZ needs clang: CC=clang CXX=clang++ cmake -DKEYGATE_FUZZ=ON ...")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer
                      -fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/fuzz/sanitizer_ignorelist.txt)
  add_link_options(-fsanitize=address,undefined)
endif()
