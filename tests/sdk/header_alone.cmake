# tests/sdk/header_alone.cmake — compiles header_alone.c (regcoord/plugin.h alone plus its
# helper macros) as C99 and C11, and as C++11 when CXX is given, each with -pedantic -Werror
# and the project's strict warnings.  usage: cmake -DCC=… [-DCXX=…] -DSRC=… -DINC=… -P …
set(flags -pedantic -Werror -Wall -Wextra -Wformat=2 -Wcast-qual -Wvla -Wshadow -fsyntax-only
          -I "${INC}")
set(runs "c99;c11")
foreach(std ${runs})
  execute_process(COMMAND "${CC}" -std=${std} -Wstrict-prototypes -Wmissing-prototypes ${flags}
                          -x c "${SRC}" RESULT_VARIABLE rc ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "regcoord/plugin.h does not compile as ${std}:\n${out}")
  endif()
  message(STATUS "plugin.h compiles as ${std} with -pedantic -Werror")
endforeach()
if(CXX)
  execute_process(COMMAND "${CXX}" -std=c++11 ${flags} -x c++ "${SRC}"
                  RESULT_VARIABLE rc ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "regcoord/plugin.h does not compile as C++11:\n${out}")
  endif()
  message(STATUS "plugin.h compiles as c++11 with -pedantic -Werror")
endif()
