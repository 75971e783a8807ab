# projection_bench: rebuild throughput, ready time, memory and query latency
# of the views over a generated log, next to a raw scan of the same log.
add_executable(projection_bench ${CMAKE_CURRENT_LIST_DIR}/projection_bench.cc
  ${CMAKE_CURRENT_LIST_DIR}/projection_bench_queries.cc)
target_link_libraries(projection_bench PRIVATE projections demo_history)
target_compile_options(projection_bench PRIVATE -O2)
