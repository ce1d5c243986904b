# The Vigil SDK's version (installed by make install as lib/cmake/Vigil/VigilConfigVersion.cmake):
# find_package(Vigil X.Y) accepts this SDK when its major version is X (0.x: also the same minor) and it is
# not older than X.Y.
set(PACKAGE_VERSION "@VIGIL_VERSION@")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(PACKAGE_FIND_VERSION)
  string(REPLACE "." ";" _vigil_have "${PACKAGE_VERSION}")
  list(GET _vigil_have 0 _vigil_major)
  list(GET _vigil_have 1 _vigil_minor)
  if(NOT PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION
     AND _vigil_major EQUAL PACKAGE_FIND_VERSION_MAJOR
     AND (NOT _vigil_major EQUAL 0 OR _vigil_minor EQUAL PACKAGE_FIND_VERSION_MINOR))
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
