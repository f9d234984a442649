# Fuzz targets (tools/fuzz). Off by default; the normal build is untouched.
#
#   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
#         -DSTORYTRAIL_FUZZ=ON -DSTORYTRAIL_TESTS=OFF
#   cmake --build build-fuzz --target st_fuzz_extract st_fuzz_diff st_fuzz_feed
#
# libFuzzer comes with clang (Debian: clang and libclang-rt-14-dev), not with g++. The code the
# target exercises (st_extract and the libraries below it) is compiled with coverage
# instrumentation (-fsanitize=fuzzer-no-link) and with AddressSanitizer and
# UndefinedBehaviorSanitizer, so the fuzzer is guided by its branches and any memory error or
# undefined behaviour stops it. System libraries (gumbo, iconv, utf8proc) are not instrumented:
# the fuzzer sees no coverage inside them, though ASan still catches bad accesses to memory it
# tracks. Only the st_fuzz_* targets need building; the others are not meant for this build.

option(STORYTRAIL_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(STORYTRAIL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "STORYTRAIL_FUZZ needs clang for libFuzzer; configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (found ${CMAKE_CXX_COMPILER_ID})")
  endif()

  # Stop at the first report of any kind, with frame pointers for readable stack traces.
  set(st_fuzz_sanitizers address,undefined)
  set(st_fuzz_common_flags -fno-omit-frame-pointer -fno-sanitize-recover=all)

  foreach(library st_util st_article st_extract st_diff st_feed)
    target_compile_options(${library} PRIVATE
                           -fsanitize=fuzzer-no-link,${st_fuzz_sanitizers} ${st_fuzz_common_flags})
  endforeach()

  foreach(target extract diff feed)
    add_executable(st_fuzz_${target} src/fuzz/${target}_fuzz.cpp)
    target_link_libraries(st_fuzz_${target} PRIVATE st_${target})
    target_compile_options(st_fuzz_${target} PRIVATE
                           -fsanitize=fuzzer,${st_fuzz_sanitizers} ${st_fuzz_common_flags})
    target_link_options(st_fuzz_${target} PRIVATE -fsanitize=fuzzer,${st_fuzz_sanitizers})
  endforeach()
endif()
