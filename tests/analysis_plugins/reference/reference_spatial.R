#!/usr/bin/env Rscript
# tests/analysis_plugins/reference/reference_spatial.R — independent values for the
# spatial_weights and hotspots plugins from R's spdep (1.2.7 on Debian 12), on fixture.csv /
# contiguity.csv (gen_fixture.py). Writes, with 17 significant digits:
#   weights_ref.csv  every matrix as row-standardised triplets (matrix, from, to, w):
#     contiguity (rook pairs, R43 an island), knn4 (4 nearest by great-circle distance,
#     haversine R = 6371.0088 km, written out below), idw1_150 (1/d within 150 km),
#     idw2 (1/d^2, all pairs), econ_pop (1/|mean pop_i - mean pop_j|; pop is constant
#     over years so the mean is pop), nested (0.5 idw1_150 + 0.5 econ_pop, row-standardised
#     again: R43 has no idw1_150 neighbour), knn4_planar
#     (spdep::knearneigh on x_km, y_km)
#   moran_ref.csv    per matrix and year: moran.test (randomisation and normality,
#     alternative greater, zero.policy, adjust.n) and geary.test (randomisation and
#     normality) of v<year>
#   hotspots_ref.csv per matrix (contiguity, knn4), year, region: localG Gi and G*i
#     (include.self, style W) internals, two-sided p, p.adjust BH and bonferroni
# Run: Rscript reference_spatial.R (from this folder).
suppressPackageStartupMessages(library(spdep))
options(digits = 17)
fx <- read.csv("fixture.csv", stringsAsFactors = FALSE)
ct <- read.csv("contiguity.csv", stringsAsFactors = FALSE)
n <- nrow(fx)
ids <- fx$region
years <- 2016:2020
hav <- function(lon1, lat1, lon2, lat2) {
  r <- pi / 180
  a <- sin((lat2 - lat1) * r / 2)^2 + cos(lat1 * r) * cos(lat2 * r) * sin((lon2 - lon1) * r / 2)^2
  2 * 6371.0088 * asin(sqrt(pmin(a, 1)))
}
D <- outer(1:n, 1:n, function(i, j) hav(fx$lon[i], fx$lat[i], fx$lon[j], fx$lat[j]))
rowstd <- function(M) { s <- rowSums(M); s[s == 0] <- 1; M / s }
B <- matrix(0, n, n)
B[cbind(match(ct$from, ids), match(ct$to, ids))] <- 1
K <- matrix(0, n, n)
for (i in 1:n) { d <- D[i, ]; d[i] <- Inf; K[i, order(d)[1:4]] <- 1 }
I1 <- ifelse(D > 0 & D <= 150, 1 / D, 0)
I2 <- ifelse(D > 0, 1 / D^2, 0)
E <- abs(outer(fx$pop, fx$pop, "-")); E <- ifelse(E > 0, 1 / E, 0)
mats <- list(contiguity = rowstd(B), knn4 = rowstd(K), idw1_150 = rowstd(I1), idw2 = rowstd(I2),
             econ_pop = rowstd(E))
mats$nested <- rowstd(0.5 * mats$idw1_150 + 0.5 * mats$econ_pop)
kp <- knn2nb(knearneigh(cbind(fx$x_km, fx$y_km), k = 4))
mats$knn4_planar <- nb2mat(kp, style = "W")
fmt <- function(v) trimws(formatC(v, digits = 17, format = "g"))
out <- c("matrix,from,to,w")
for (m in names(mats)) {
  M <- mats[[m]]
  nz <- which(M != 0, arr.ind = TRUE)
  nz <- nz[order(nz[, 1], nz[, 2]), , drop = FALSE]
  out <- c(out, paste(m, ids[nz[, 1]], ids[nz[, 2]], fmt(M[nz]), sep = ","))
}
writeLines(out, "weights_ref.csv")
lw <- lapply(mats, function(M) mat2listw(M, style = "W"))
out <- c(paste("matrix,year,I,EI,var_norm,var_rand,z_norm,z_rand,p_norm,p_rand,",
               "C,EC,varC_norm,varC_rand,zC_norm,zC_rand,pC_norm,pC_rand", sep = ""))
for (m in names(mats)) for (y in years) {
  x <- fx[[paste0("v", y)]]
  mr <- moran.test(x, lw[[m]], randomisation = TRUE, zero.policy = TRUE, adjust.n = TRUE)
  mn <- moran.test(x, lw[[m]], randomisation = FALSE, zero.policy = TRUE, adjust.n = TRUE)
  gr <- geary.test(x, lw[[m]], randomisation = TRUE, zero.policy = TRUE, adjust.n = TRUE)
  gn <- geary.test(x, lw[[m]], randomisation = FALSE, zero.policy = TRUE, adjust.n = TRUE)
  out <- c(out, paste(m, y, fmt(mr$estimate[1]), fmt(mr$estimate[2]), fmt(mn$estimate[3]),
                      fmt(mr$estimate[3]), fmt(mn$statistic), fmt(mr$statistic), fmt(mn$p.value),
                      fmt(mr$p.value), fmt(gr$estimate[1]), fmt(gr$estimate[2]),
                      fmt(gn$estimate[3]), fmt(gr$estimate[3]), fmt(gn$statistic),
                      fmt(gr$statistic), fmt(gn$p.value), fmt(gr$p.value), sep = ","))
}
writeLines(out, "moran_ref.csv")
out <- c("matrix,statistic,year,region,G,EG,VG,z,p,p_fdr,p_bonferroni")
for (m in c("contiguity", "knn4")) {
  B0 <- if (m == "contiguity") B else K
  nb <- mat2listw(B0, style = "B")$neighbours
  lw_gi <- nb2listw(nb, style = "W", zero.policy = TRUE)
  lw_gs <- nb2listw(include.self(nb), style = "W", zero.policy = TRUE)
  for (y in years) {
    x <- fx[[paste0("v", y)]]
    for (s in c("Gi", "Gi*")) {
      g <- localG(x, if (s == "Gi") lw_gi else lw_gs, zero.policy = TRUE, return_internals = TRUE)
      it <- attr(g, "internals")
      z <- as.numeric(g)
      p <- it[, 5]
      out <- c(out, paste(m, s, y, ids, fmt(it[, 1]), fmt(it[, 2]), fmt(it[, 3]), fmt(z), fmt(p),
                          fmt(p.adjust(p, "BH")), fmt(p.adjust(p, "bonferroni")), sep = ","))
    }
  }
}
writeLines(out, "hotspots_ref.csv")
