/* tests/bench/trivial_pass.c — the baseline of bench_run.sh (tracker issue 19): the least
 * work any loader of a long-layout CSV must do. It reads the file in 1 MiB blocks, splits
 * each line into its comma-separated fields, parses the year as an integer and the value as
 * a double (strtod), and prints the rows, the sum of the values (so nothing is optimised
 * away) and its peak RSS. No hashing, no lookups, no storage of the values.
 * usage: trivial_pass FILE.csv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: trivial_pass FILE.csv\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    enum { BLOCK = 1 << 20, LINE = 4096 };
    static char buf[BLOCK], line[LINE + 1];
    size_t len = 0, rows = 0, fields = 0;
    double sum = 0;
    long long years = 0;
    int header = 1;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c != '\n') {
                if (len < LINE) line[len++] = c;
                continue;
            }
            line[len] = '\0';
            len = 0;
            if (header) {
                header = 0;
                continue;
            }
            /* fields: region, year, indicator, value */
            char *fld[4] = {line, NULL, NULL, NULL};
            size_t k = 1;
            for (char *p = line; *p && k < 4; p++)
                if (*p == ',') {
                    *p = '\0';
                    fld[k++] = p + 1;
                }
            fields += k;
            if (k < 4) continue;
            years += strtol(fld[1], NULL, 10);
            sum += strtod(fld[3], NULL);
            rows++;
        }
    }
    fclose(f);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rows %zu fields %zu year_sum %lld value_sum %.6g peak_rss_kib %ld\n", rows, fields,
           years, sum, ru.ru_maxrss);
    return 0;
}
