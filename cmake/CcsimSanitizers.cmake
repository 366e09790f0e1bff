# CCSIM_SANITIZE: every target with AddressSanitizer and UndefinedBehaviorSanitizer, the
# first report fatal (the test that hit it fails). GCC or Clang; scripts/test.sh builds the
# suite so in build-asan/.
# CCSIM_FUZZ: the same, plus libFuzzer coverage, and the harnesses of tests/fuzz (Clang;
# scripts/fuzz.sh builds them in build-fuzz/).
if(CCSIM_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR
    "ccsim: CCSIM_FUZZ needs Clang with libFuzzer (Debian: clang and libclang-rt-14-dev):\n"
    "    cmake -S . -B build-fuzz -DCCSIM_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++")
endif()
if(CCSIM_SANITIZE OR CCSIM_FUZZ)
  # float-cast-overflow is in Clang's "undefined" but not in GCC's.
  set(ccsim_sanitizers -fsanitize=address,undefined,float-cast-overflow
                       -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${ccsim_sanitizers})
  add_link_options(${ccsim_sanitizers})
  # GCC's -Wmaybe-uninitialized is wrong under ASan (std::function in <regex>); see its manual.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
if(CCSIM_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# toml++: Debian's shared library, built without sanitizers or coverage. Sanitized builds
# compile its header-only form (the same headers) into ccsim instead, so that ASan, UBSan
# and libFuzzer see inside the parser. The scenario layer links ccsim_toml.
add_library(ccsim_toml INTERFACE)
if(CCSIM_SANITIZE OR CCSIM_FUZZ)
  get_target_property(toml_include tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(ccsim_toml SYSTEM INTERFACE ${toml_include})
  target_compile_definitions(ccsim_toml INTERFACE TOML_HEADER_ONLY=1)
else()
  target_link_libraries(ccsim_toml INTERFACE tomlplusplus::tomlplusplus)
endif()
