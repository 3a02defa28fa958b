# tests/uncertainty/coinr/extract_coinr_ua.R — turns COINr's own uncertainty-analysis output
# into the CSV that tests/uncertainty/test_coinr_parity.c reads (CI has no R).
#
# Input: vignettes/UA_results.RDS of the COINr repository (github bluefoxr/COINr, MIT; the file
# as of commit 87250dcd265564ae175b0a4ee238575f1ff3fa2d, 2022-05-25), the
# result of the sensitivity vignette's
#   get_sensitivity(build_example_coin(), SA_specs, N = 100, SA_type = "UA",
#                   dset = "Aggregated", iCode = "Index")
# with SA_specs = winsorisation limit 1:5, normalisation {minmax [1, 100], zscore 10 + 2z},
# weights get_noisy_weights(levels 2 and 3, noise 0.25), aggregation {a_amean, a_gmean}.
# It holds the nominal scores and ranks, the 100 replications' ranks and COINr's rank
# statistics. Run:  Rscript extract_coinr_ua.R path/to/UA_results.RDS > coinr_ua_rankstats.csv
args <- commandArgs(trailingOnly = TRUE)
x <- readRDS(args[1])
R <- as.matrix(x$Ranks[, grepl("^r_", names(x$Ranks))])
stopifnot(nrow(R) == nrow(x$RankStats), all(x$Ranks$uCode == x$RankStats$uCode))
nom <- x$Nominal[match(x$RankStats$uCode, x$Nominal$uCode), ]
out <- data.frame(region = x$RankStats$uCode, nominal_score = nom$Score,
                  nominal_rank = x$RankStats$Nominal, mean_rank = x$RankStats$Mean,
                  median_rank = x$RankStats$Median, p05_rank = x$RankStats$Q5,
                  p95_rank = x$RankStats$Q95, sd_rank = apply(R, 1, stats::sd),
                  runs = ncol(R))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
