# compare_example_data.cmake — regenerates the bundled example data into WORK_DIR with
# PYTHON EXAMPLE_DIR/make_example_data.py and fails unless every generated file is
# byte-identical to the committed one in EXAMPLE_DIR (and at least one file was made).
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(
  COMMAND "${PYTHON}" "${EXAMPLE_DIR}/make_example_data.py" --out "${WORK_DIR}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_example_data.py failed (${rc})")
endif()
file(GLOB generated RELATIVE "${WORK_DIR}" "${WORK_DIR}/*.csv")
list(LENGTH generated n)
if(n EQUAL 0)
  message(FATAL_ERROR "make_example_data.py wrote no CSV file into ${WORK_DIR}")
endif()
set(bad "")
foreach(f ${generated})
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/${f}" "${EXAMPLE_DIR}/${f}"
    RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    list(APPEND bad "${f}")
  endif()
endforeach()
file(GLOB committed RELATIVE "${EXAMPLE_DIR}" "${EXAMPLE_DIR}/*.csv")
foreach(f ${committed})
  if(NOT f IN_LIST generated)
    list(APPEND bad "${f} (committed but no longer generated)")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "example data differ from the generator's output: ${bad}; "
                      "rerun configs/example/make_example_data.py and commit the result")
endif()
message(STATUS "${n} example data files are byte-identical to the generator's output")
