# regcoord_add_plugin(NAME SOURCES ... [INSTALL]) — builds one regcoord plugin as a shared
# object named NAME.so: hidden visibility, only the entry symbol exported (version script),
# no undefined symbols (a plugin never links against the host), and, with INSTALL, the
# plugin installed into the regcoord plugin folder. In-tree plugins and out-of-tree plugins
# (through the installed CMake package) are built by this same function.
set(_REGCOORD_PLUGIN_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(regcoord_add_plugin name)
  cmake_parse_arguments(ARG "INSTALL;NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  set(srcs ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  add_library(${name} MODULE ${srcs})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED REGCOORD_BUILD_PLUGIN_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${REGCOORD_BUILD_PLUGIN_DIR}")
  endif()
  if(TARGET regcoord_sdk)
    target_link_libraries(${name} PRIVATE regcoord_sdk)
  elseif(TARGET regcoord::sdk)
    target_link_libraries(${name} PRIVATE regcoord::sdk)
  endif()
  if(ARG_LIBRARIES)
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
  endif()
  set(vs "${_REGCOORD_PLUGIN_CMAKE_DIR}/regcoord_plugin.map")
  # Sanitizer runtimes leave symbols undefined in shared objects on purpose; --no-undefined
  # is enforced only in normal builds.
  if(REGCOORD_SANITIZE)
    target_link_options(${name} PRIVATE "LINKER:--version-script=${vs}")
  else()
    target_link_options(${name} PRIVATE "LINKER:--version-script=${vs}" "LINKER:--no-undefined")
  endif()
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${vs}")
  if(ARG_INSTALL AND DEFINED REGCOORD_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION "${REGCOORD_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
