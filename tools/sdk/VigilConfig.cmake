# The Vigil SDK's CMake package (docs/sdk.md), installed as <PREFIX>/lib/cmake/Vigil/VigilConfig.cmake.
#   find_package(Vigil REQUIRED)
#   vigil_solution(NAME hello INIT init.yaml POLICY security.psl PROGRAMS client server)
# A solution is built by the SDK's make-based builder (bin/vigil-make: the tree's own rules with the prebuilt
# kernel), which the targets below drive: make decides what is out of date, so they always run it.
set(VIGIL_VERSION "@VIGIL_VERSION@")
get_filename_component(VIGIL_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(VIGIL_MAKE "${VIGIL_PREFIX}/bin/vigil-make")
set(VIGIL_INCLUDE_DIRS "${VIGIL_PREFIX}/include")
set(VIGIL_LIBRARIES "${VIGIL_PREFIX}/lib/libvigil.a")
foreach(_vigil_tool nkc pslc einit mkimage ksm-audit-decode)
  string(REPLACE "-" "_" _vigil_var "${_vigil_tool}")
  string(TOUPPER "VIGIL_${_vigil_var}" _vigil_var)
  set(${_vigil_var} "${VIGIL_PREFIX}/bin/${_vigil_tool}")
endforeach()
if(NOT EXISTS "${VIGIL_MAKE}")
  set(Vigil_FOUND FALSE)
  set(Vigil_NOT_FOUND_MESSAGE "no ${VIGIL_MAKE}: the SDK under ${VIGIL_PREFIX} is incomplete (make install PREFIX=...)")
  return()
endif()

# vigil_solution(NAME name [DIRECTORY dir] [INIT init.yaml] [POLICY security.psl] [PROGRAMS dir...]
#                [DEFINES NAME=VALUE...] [GIC 2|3] [EL 1|2] [MEM size])
# Targets: <name> (in ALL: <name>.elf, <name>-test.elf, <name>-pal.elf in the binary directory),
# <name>-run, <name>-check, <name>-pal, <name>-debug, <name>-gdb, and run, check, pal, debug, gdb for the
# first solution of the project; CTest tests <name>-check and <name>-pal (after enable_testing()).
function(vigil_solution)
  cmake_parse_arguments(PARSE_ARGV 0 VS "" "NAME;DIRECTORY;INIT;POLICY;GIC;EL;MEM" "PROGRAMS;DEFINES")
  if(VS_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "vigil_solution: unknown arguments: ${VS_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT VS_NAME)
    message(FATAL_ERROR "vigil_solution: NAME is required")
  endif()
  if(NOT VS_DIRECTORY)
    set(VS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  get_filename_component(dir "${VS_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  # The builder reads <dir>/init.yaml and <dir>/security.psl (docs/sdk.md): other names are refused
  # here rather than ignored.
  foreach(arg INIT POLICY)
    if(arg STREQUAL INIT)
      set(want init.yaml)
    else()
      set(want security.psl)
    endif()
    if(NOT VS_${arg})
      set(VS_${arg} ${want})
    endif()
    get_filename_component(file "${VS_${arg}}" ABSOLUTE BASE_DIR "${dir}")
    if(NOT file STREQUAL "${dir}/${want}")
      message(FATAL_ERROR "vigil_solution(${VS_NAME}): ${arg} must be ${want} in ${dir} (got ${VS_${arg}})")
    endif()
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "vigil_solution(${VS_NAME}): no ${file}")
    endif()
  endforeach()
  # Programs: init.yaml's paths decide what is built; each listed directory must exist (dir/ or dir/src/).
  foreach(p ${VS_PROGRAMS})
    if(NOT IS_DIRECTORY "${dir}/${p}")
      message(FATAL_ERROR "vigil_solution(${VS_NAME}): program directory ${dir}/${p} does not exist")
    endif()
  endforeach()

  set(build "${CMAKE_BINARY_DIR}/vigil")
  set(vmake "${VIGIL_MAKE}" "SOLUTION=${dir}" "BUILD=${build}")
  if(VS_DEFINES)
    list(JOIN VS_DEFINES " " defines)
    list(APPEND vmake "PSLC_DEFINES=${defines}")
  endif()
  foreach(arg GIC EL MEM)
    if(VS_${arg})
      list(APPEND vmake "${arg}=${VS_${arg}}")
    endif()
  endforeach()
  execute_process(COMMAND ${vmake} -s print-image OUTPUT_VARIABLE image RESULT_VARIABLE rc
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vigil_solution(${VS_NAME}): ${VIGIL_MAKE} print-image failed (status ${rc})")
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${VS_NAME}")
  add_custom_target(${VS_NAME} ALL
    COMMAND ${vmake} images
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${image}.elf" "${out}.elf"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${image}-test.elf" "${out}-test.elf"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${image}-pal.elf" "${out}-pal.elf"
    BYPRODUCTS "${out}.elf" "${out}-test.elf" "${out}-pal.elf"
    COMMENT "Vigil solution ${VS_NAME}" USES_TERMINAL VERBATIM)
  set_target_properties(${VS_NAME} PROPERTIES VIGIL_IMAGE "${out}.elf" VIGIL_SOLUTION_DIR "${dir}")
  foreach(goal run check pal debug gdb)
    add_custom_target(${VS_NAME}-${goal} COMMAND ${vmake} ${goal} DEPENDS ${VS_NAME} USES_TERMINAL VERBATIM)
    if(NOT TARGET ${goal})
      add_custom_target(${goal} DEPENDS ${VS_NAME}-${goal})
    endif()
  endforeach()
  add_test(NAME ${VS_NAME}-check COMMAND ${vmake} check)
  add_test(NAME ${VS_NAME}-pal COMMAND ${vmake} pal)
endfunction()
