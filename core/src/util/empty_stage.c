/* util/empty_stage.c — placeholder translation unit for a stage folder with no sources yet
 * (a static library needs one). */
typedef int rc_empty_stage_placeholder;
