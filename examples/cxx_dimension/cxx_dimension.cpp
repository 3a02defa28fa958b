// cxx_dimension.cpp — an example dimension plugin in C++: scores each region-year as the
// mean of the `inputs:` series after pooled min-max normalisation, and records the
// scores itself with set_scores(). Every callback catches all exceptions at the C
// boundary and turns them into host->set_error() + an RC_E* code: no exception ever
// crosses into the host.
#include <regcoord/plugin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const rc_config_key k_keys[] = {
    {"inputs", RC_CFG_LIST, 1, nullptr,
     "Names of the data series to average after min-max normalisation (more is better)."},
};

// A failure that carries its status code next to the message.
struct plugin_error : std::runtime_error {
    int32_t code;
    plugin_error(int32_t c, const std::string &m) : std::runtime_error(m), code(c) {}
};

// Runs a callback body and converts every exception into the host's error convention.
template <typename F> int32_t guarded(const rc_host *host, rc_ctx *ctx, F &&body)
{
    try {
        return body();
    } catch (const plugin_error &e) {
        host->set_error(ctx, e.what());
        return e.code;
    } catch (const std::bad_alloc &) {
        host->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    } catch (const std::exception &e) {
        host->set_error(ctx, e.what());
        return RC_EFAIL;
    } catch (...) {
        host->set_error(ctx, "an unknown C++ exception reached the plugin boundary");
        return RC_EFAIL;
    }
}

std::vector<std::string> input_names(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *inputs = host->node_get(ctx, host->config(ctx), "inputs");
    if (!inputs || host->node_kind(ctx, inputs) != RC_NODE_LIST || host->node_len(ctx, inputs) == 0)
        throw plugin_error(RC_EINVAL, std::string(inputs ? host->node_where(ctx, inputs) : "cxx_dimension") +
                                          ": inputs must be a non-empty list of series names");
    std::vector<std::string> names;
    for (size_t i = 0; i < host->node_len(ctx, inputs); i++) {
        const rc_node *item = host->node_at(ctx, inputs, i);
        const char *s = host->node_str(ctx, item);
        if (!s || !*s)
            throw plugin_error(RC_EINVAL, std::string(host->node_where(ctx, item)) +
                                              ": each entry of inputs must be a series name");
        names.emplace_back(s);
    }
    return names;
}

int32_t score(void *, const rc_host *host, rc_ctx *ctx)
{
    return guarded(host, ctx, [&]() -> int32_t {
        const std::vector<std::string> names = input_names(host, ctx);
        const size_t n = host->n_regions(ctx) * host->n_years(ctx);
        std::vector<double> sum(n, 0.0), count(n, 0.0);
        for (const std::string &name : names) {
            const double *v = nullptr;
            if (host->series(ctx, name.c_str(), &v) != RC_OK)
                throw plugin_error(RC_ENOTFOUND, "series '" + name + "' is not in the data");
            double lo = std::numeric_limits<double>::infinity(), hi = -lo;
            for (size_t i = 0; i < n; i++)
                if (std::isfinite(v[i])) {
                    lo = std::min(lo, v[i]);
                    hi = std::max(hi, v[i]);
                }
            for (size_t i = 0; i < n; i++) {
                if (!std::isfinite(v[i])) continue;
                sum[i] += hi > lo ? (v[i] - lo) / (hi - lo) : 1.0;
                count[i] += 1.0;
            }
        }
        std::vector<double> scores(n);
        for (size_t i = 0; i < n; i++)
            scores[i] = count[i] > 0 ? sum[i] / count[i] : std::numeric_limits<double>::quiet_NaN();
        // An empty panel gives no scores, but set_scores still wants a pointer.
        static const double none = 0.0;
        return host->set_scores(ctx, n ? scores.data() : &none);
    });
}

const rc_plugin_descriptor k_descriptor = {
    RC_ABI_MAJOR, RC_ABI_MINOR, sizeof(rc_plugin_descriptor), RC_KIND_DIMENSION,
    "cxx_dimension", "1.0.0",
    "Example C++ dimension: the mean of min-max normalised input series.",
    k_keys, sizeof k_keys / sizeof k_keys[0], 0,
    nullptr, score, nullptr, nullptr,
};

} // namespace

extern "C" RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &k_descriptor;
}
