#!/usr/bin/env python3
"""make_example_data.py — writes regcoord's bundled, SYNTHETIC example data set: 31 Chinese
provinces x 2016-2024 with the raw series the four pathway plugins' catalogues read.

The numbers are invented by a seeded model (a development level per province drives
penetration rates, shares of GDP and per-person rates, with noise and year trends); only
the province list, zones, land areas, approximate 2016 population and GDP levels and the
land borders are real-world public knowledge. Do not use the output for analysis.

Deterministic: Python 3 standard library only, one random.Random(SEED) drawn in a fixed
order, numbers formatted with fixed decimals. Usage:

    python3 make_example_data.py [--out DIR]      # default: this script's folder

Files: regions.csv, adjacency.csv, long.csv (region,year,indicator,value) and
institutional_wide.csv (wide layout with Chinese headers 地区, 年份, …, UTF-8 with BOM).
"""
import argparse
import math
import os
import random

SEED = 20240601
YEARS = list(range(2016, 2025))

# id, Chinese name, zone, land area km2, resident population 2016 (10k), GDP 2016 (100m CNY)
PROVINCES = [
    ("Beijing", "北京", "East", 16410, 2173, 25669),
    ("Tianjin", "天津", "East", 11966, 1562, 17885),
    ("Hebei", "河北", "East", 188800, 7470, 32070),
    ("Shanxi", "山西", "Central", 156700, 3682, 13050),
    ("Inner Mongolia", "内蒙古", "West", 1183000, 2520, 18128),
    ("Liaoning", "辽宁", "East", 148000, 4378, 22247),
    ("Jilin", "吉林", "Central", 187400, 2733, 14777),
    ("Heilongjiang", "黑龙江", "Central", 473000, 3799, 15386),
    ("Shanghai", "上海", "East", 6340, 2420, 28179),
    ("Jiangsu", "江苏", "East", 107200, 7999, 77388),
    ("Zhejiang", "浙江", "East", 105500, 5590, 47251),
    ("Anhui", "安徽", "Central", 140100, 6196, 24408),
    ("Fujian", "福建", "East", 124000, 3874, 28811),
    ("Jiangxi", "江西", "Central", 166900, 4592, 18499),
    ("Shandong", "山东", "East", 157900, 9947, 68024),
    ("Henan", "河南", "Central", 167000, 9532, 40472),
    ("Hubei", "湖北", "Central", 185900, 5885, 32665),
    ("Hunan", "湖南", "Central", 211800, 6822, 31551),
    ("Guangdong", "广东", "East", 179800, 10999, 80855),
    ("Guangxi", "广西", "West", 237600, 4838, 18318),
    ("Hainan", "海南", "East", 35400, 917, 4053),
    ("Chongqing", "重庆", "West", 82400, 3048, 17741),
    ("Sichuan", "四川", "West", 486000, 8262, 32935),
    ("Guizhou", "贵州", "West", 176200, 3555, 11777),
    ("Yunnan", "云南", "West", 394000, 4771, 14788),
    ("Tibet", "西藏", "West", 1228400, 331, 1151),
    ("Shaanxi", "陕西", "West", 205600, 3813, 19400),
    ("Gansu", "甘肃", "West", 425800, 2610, 7200),
    ("Qinghai", "青海", "West", 722300, 593, 2572),
    ("Ningxia", "宁夏", "West", 66400, 675, 3169),
    ("Xinjiang", "新疆", "West", 1664900, 2398, 9650),
]

# Land borders between provinces, one pair each (Hainan, an island, has none).
BORDERS = [
    ("Beijing", "Tianjin"), ("Beijing", "Hebei"), ("Tianjin", "Hebei"),
    ("Hebei", "Shanxi"), ("Hebei", "Inner Mongolia"), ("Hebei", "Liaoning"),
    ("Hebei", "Shandong"), ("Hebei", "Henan"),
    ("Shanxi", "Inner Mongolia"), ("Shanxi", "Shaanxi"), ("Shanxi", "Henan"),
    ("Inner Mongolia", "Liaoning"), ("Inner Mongolia", "Jilin"),
    ("Inner Mongolia", "Heilongjiang"), ("Inner Mongolia", "Shaanxi"),
    ("Inner Mongolia", "Ningxia"), ("Inner Mongolia", "Gansu"),
    ("Liaoning", "Jilin"), ("Jilin", "Heilongjiang"),
    ("Shanghai", "Jiangsu"), ("Shanghai", "Zhejiang"),
    ("Jiangsu", "Zhejiang"), ("Jiangsu", "Anhui"), ("Jiangsu", "Shandong"),
    ("Zhejiang", "Anhui"), ("Zhejiang", "Jiangxi"), ("Zhejiang", "Fujian"),
    ("Anhui", "Jiangxi"), ("Anhui", "Hubei"), ("Anhui", "Henan"), ("Anhui", "Shandong"),
    ("Fujian", "Jiangxi"), ("Fujian", "Guangdong"),
    ("Jiangxi", "Hubei"), ("Jiangxi", "Hunan"), ("Jiangxi", "Guangdong"),
    ("Shandong", "Henan"), ("Henan", "Hubei"), ("Henan", "Shaanxi"),
    ("Hubei", "Hunan"), ("Hubei", "Chongqing"), ("Hubei", "Shaanxi"),
    ("Hunan", "Guangdong"), ("Hunan", "Guangxi"), ("Hunan", "Guizhou"), ("Hunan", "Chongqing"),
    ("Guangdong", "Guangxi"), ("Guangxi", "Guizhou"), ("Guangxi", "Yunnan"),
    ("Chongqing", "Sichuan"), ("Chongqing", "Guizhou"), ("Chongqing", "Shaanxi"),
    ("Sichuan", "Guizhou"), ("Sichuan", "Yunnan"), ("Sichuan", "Tibet"),
    ("Sichuan", "Qinghai"), ("Sichuan", "Gansu"), ("Sichuan", "Shaanxi"),
    ("Guizhou", "Yunnan"), ("Yunnan", "Tibet"), ("Tibet", "Xinjiang"), ("Tibet", "Qinghai"),
    ("Shaanxi", "Gansu"), ("Shaanxi", "Ningxia"),
    ("Gansu", "Ningxia"), ("Gansu", "Qinghai"), ("Gansu", "Xinjiang"), ("Qinghai", "Xinjiang"),
]

# Nominal GDP growth by year (2017 onwards), before provincial noise.
GDP_GROWTH = [0.080, 0.085, 0.075, 0.030, 0.125, 0.050, 0.055, 0.045]
# Mobile internet traffic per resident by year, GB.
TRAFFIC_PER_PERSON = [6.8, 17.0, 50.0, 87.0, 118.0, 158.0, 188.0, 215.0, 240.0]
# 5G base stations per 10k residents by year (none before 2019).
BS5G_PER_10K = [0.0, 0.0, 0.0, 0.09, 4.0, 9.5, 16.0, 23.5, 30.0]
PRICE_CATEGORIES = ["food", "clothing", "housing", "transport", "education", "health"]

# The wide file: canonical series name -> its Chinese column header.
WIDE_COLUMNS = [
    ("rd_expenditure", "研发经费支出"),
    ("gov_expenditure_total", "一般公共预算支出"),
    ("gov_expenditure_science", "科学技术支出"),
    ("gov_expenditure_education", "教育支出"),
    ("rd_intramural_total", "研发经费内部支出"),
    ("rd_funds_government", "研发经费政府资金"),
    ("rd_researchers_fte", "研究人员全时当量"),
    ("digital_policies", "数字经济政策文件数"),
]


class Model:
    """The seeded draws; every draw happens in a fixed order."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def u(self, lo, hi):
        return lo + (hi - lo) * self.rng.random()

    def normal(self, sd):
        # Box-Muller on two uniforms: the same on every Python 3.
        u1 = 1.0 - self.rng.random()
        u2 = self.rng.random()
        return sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def clip01(self, x):
        return min(1.0, max(0.0, x))


def fmt(x, decimals):
    if x is None:
        return "NA"
    s = "%.*f" % (decimals, x)
    return "0" if decimals == 0 and s == "-0" else s


def build(m):
    """Returns {series: {(region, year): value or None}} and the decimals of each series."""
    gdppc = {p[0]: p[5] * 1e8 / (p[4] * 1e4) for p in PROVINCES}
    lo, hi = math.log(min(gdppc.values())), math.log(max(gdppc.values()))
    level = {r: (math.log(v) - lo) / (hi - lo) for r, v in gdppc.items()}
    data, decimals = {}, {}

    def put(name, region, k, value, dec):
        data.setdefault(name, {})[(region, YEARS[k])] = value
        decimals[name] = dec

    # National shocks per price category and year, shared by every province.
    shocks = {(c, k): m.normal(1.2) for c in PRICE_CATEGORIES for k in range(len(YEARS))}
    base_cpi = {"food": 102.5, "clothing": 101.3, "housing": 101.8, "transport": 100.2,
                "education": 102.2, "health": 102.6}

    for (rid, _name, zone, area, pop0, gdp0) in PROVINCES:
        d = level[rid]
        west = 1.0 if zone == "West" else 0.0
        # Pathway-specific levels: correlated with development, not identical to it.
        d_inf = m.clip01(d + m.normal(0.08))
        d_mkt = m.clip01(d + m.normal(0.10))
        d_fus = m.clip01(d + m.normal(0.10))
        d_ins = m.clip01(d + m.normal(0.10))
        pop_growth = m.u(-0.008, 0.004) + 0.006 * d
        gdp_noise = [m.normal(0.012) for _ in GDP_GROWTH]
        pen_ports = 30 + 28 * d_inf + m.u(-4, 4)
        pen_users_ratio = m.u(0.48, 0.62)
        pen_mobile = 62 + 22 * d_inf + m.u(-5, 5)
        fibre_pc = 0.0065 * (area / (pop0 * 1e4) * 1000) ** 0.15 * m.u(0.85, 1.15)
        traffic_factor = m.u(0.8, 1.2) * (0.85 + 0.3 * d_inf)
        bs_factor = m.u(0.75, 1.1) * (0.8 + 0.45 * d_inf)
        ecom_share = 3 + 38 * d_mkt ** 2 + m.u(-1, 1)
        purch_ratio = m.u(0.45, 0.75)
        out_share = 0.15 + 3.5 * d_mkt ** 3 + m.u(0, 0.3)
        in_share = 0.5 + 1.4 * d_mkt + m.u(-0.2, 0.3)
        exchange_start = 2016 if rid == "Guizhou" else int(2024 - 8 * d_mkt ** 1.5 + m.u(0, 2.5))
        exchange_scale = m.u(0.5, 2.0)
        domains_pk = 3 + 55 * d_mkt ** 2.5 + m.u(0, 3)
        pages_pp = 15 + 700 * d_mkt ** 3 + m.u(0, 10)
        dig_share = 2.5 + 9 * d_fus + m.u(-1, 1)
        soft_share = 0.25 + 24 * d_fus ** 4 + m.u(0, 0.4)
        ent_per_gdp = 1.3 * m.u(0.85, 1.15)
        ecom_ent_share = 5 + 12 * d_fus + m.u(-1.5, 1.5)
        web_per_100 = 42 + 15 * d_fus + m.u(-4, 4)
        hightech_share = 3 + 38 * d_fus ** 2 * m.u(0.5, 1.5)
        brd_share = 0.25 + 1.8 * d_fus + m.u(-0.1, 0.1)
        pat_per_10k = 0.25 + 18 * d_fus ** 3 + m.u(0, 0.3)
        rd_int = 0.3 + 4.5 * d_ins ** 2 + m.u(0, 0.3)
        gov_share = 0.12 + 0.45 * (1 - d) ** 3 + 0.12 * west + m.u(0, 0.04)
        if rid == "Tibet":
            gov_share = 1.1
        sci_share = 0.6 + 4.5 * d_ins ** 2 + m.u(-0.2, 0.2)
        edu_share = 13 + m.u(0, 5)
        gov_rd_share = 12 + 28 * (1 - d_ins) + m.u(-4, 4)
        res_per_10k = 2 + 55 * d_ins ** 3 + m.u(0, 2)
        policy_rate = 1.5 + 7 * d_ins
        intensity0 = (0.35 + 0.9 * (1 - d) + 0.5 * west) * m.u(0.8, 1.2)
        green0 = 36 + 6 * d + m.u(-2, 2)
        primary0 = max(0.3, 18 * (1 - d) ** 1.5 + m.u(-2, 3))
        tertiary0 = 45 + 30 * d ** 2 + m.u(-3, 3)
        cpi_noise = {c: m.u(-0.3, 0.3) for c in PRICE_CATEGORIES}

        pop, gdp = float(pop0), float(gdp0)
        for k, year in enumerate(YEARS):
            if k > 0:
                pop *= 1 + pop_growth + m.normal(0.002)
                gdp *= 1 + GDP_GROWTH[k - 1] + gdp_noise[k - 1]
            pop_r, gdp_r = round(pop), round(gdp, 1)
            ramp = 1.0 + 0.08 * k
            put("population", rid, k, pop_r, 0)
            put("gdp", rid, k, gdp_r, 1)
            put("area_km2", rid, k, area, 0)
            primary = max(0.2, primary0 - 0.25 * k) / 100
            tertiary = min(84.0, tertiary0 + 0.6 * k) / 100
            put("va_primary", rid, k, round(gdp_r * primary, 1), 1)
            put("va_tertiary", rid, k, round(gdp_r * tertiary, 1), 1)
            put("va_secondary", rid, k,
                round(gdp_r - round(gdp_r * primary, 1) - round(gdp_r * tertiary, 1), 1), 1)
            put("energy_consumption", rid, k,
                intensity0 * 0.965 ** k * gdp_r * m.u(0.97, 1.03), 1)
            put("green_coverage", rid, k, min(48.0, green0 + 0.4 * k + m.u(-0.5, 0.5)), 1)
            for c in PRICE_CATEGORIES:
                put("cpi_" + c, rid, k, base_cpi[c] + shocks[(c, k)] + cpi_noise[c]
                    + m.normal(0.5), 1)

            # infrastructure
            ports = pen_ports * 1.085 ** k * m.u(0.97, 1.03) * pop_r / 100
            put("broadband_ports", rid, k, ports, 1)
            put("broadband_users", rid, k, ports * pen_users_ratio * (1 + 0.02 * k), 1)
            put("mobile_internet_users", rid, k,
                min(135.0, pen_mobile * 1.045 ** k) * pop_r / 100 * m.u(0.98, 1.02), 2)
            put("fibre_km", rid, k, fibre_pc * 1.11 ** k * pop_r * 1e4 * m.u(0.98, 1.02), 2)
            put("base_stations_5g", rid, k, BS5G_PER_10K[k] * bs_factor * pop_r, 0)
            put("mobile_traffic", rid, k,
                TRAFFIC_PER_PERSON[k] * traffic_factor * pop_r * m.u(0.95, 1.05), 2)

            # data_market
            sales = ecom_share * ramp * gdp_r / 100 * m.u(0.95, 1.05)
            put("ecommerce_sales", rid, k, sales, 1)
            put("ecommerce_purchases", rid, k, sales * purch_ratio * m.u(0.95, 1.05), 1)
            put("tech_contract_outflow", rid, k,
                out_share * 1.16 ** k / 100 * gdp_r * 1e4 * m.u(0.9, 1.1), 0)
            put("tech_contract_inflow", rid, k,
                in_share * 1.14 ** k / 100 * gdp_r * 1e4 * m.u(0.9, 1.1), 0)
            years_on = year - exchange_start + 1
            put("data_exchange_turnover", rid, k,
                0.0 if years_on <= 0 else exchange_scale * 1e-4 * gdp_r * years_on ** 1.5, 2)
            put("domain_names", rid, k,
                domains_pk * pop_r / 1000 * (1 + 0.03 * math.sin(k + d)) * m.u(0.97, 1.03), 2)
            put("webpages", rid, k, pages_pp * ramp * pop_r * m.u(0.95, 1.05), 0)

            # industry_fusion
            put("digital_industry_value_added", rid, k,
                (dig_share + 0.35 * k) / 100 * gdp_r * m.u(0.97, 1.03), 1)
            put("software_revenue", rid, k,
                soft_share * 1.07 ** k / 100 * gdp_r * 1e4 * m.u(0.96, 1.04), 0)
            ents = gdp_r * ent_per_gdp * 1.02 ** k
            put("ent_count", rid, k, ents, 0)
            put("ent_ecommerce_count", rid, k,
                ents * (ecom_ent_share + 0.6 * k) / 100 * m.u(0.95, 1.05), 0)
            put("ent_websites", rid, k, ents * (web_per_100 - 0.8 * k) / 100 * m.u(0.97, 1.03), 0)
            put("hightech_revenue", rid, k,
                hightech_share * (1 + 0.02 * k) / 100 * gdp_r * m.u(0.95, 1.05), 1)
            put("rd_funds_business", rid, k,
                (brd_share + 0.04 * k) / 100 * gdp_r * 1e4 * m.u(0.97, 1.03), 0)
            put("patent_grants_invention", rid, k,
                pat_per_10k * 1.1 ** k * pop_r * m.u(0.9, 1.1), 0)

            # institutional (written to the wide file)
            rd = (rd_int + 0.05 * k) / 100 * gdp_r * m.u(0.98, 1.02)
            put("rd_expenditure", rid, k, rd, 2)
            total = gov_share * gdp_r * m.u(0.97, 1.03)
            put("gov_expenditure_total", rid, k, total, 2)
            put("gov_expenditure_science", rid, k,
                total * (sci_share + 0.05 * k) / 100 * m.u(0.95, 1.05), 2)
            put("gov_expenditure_education", rid, k, total * edu_share / 100 * m.u(0.97, 1.03), 2)
            intramural = round(rd, 2) * 1e4 * m.u(0.96, 1.0)
            put("rd_intramural_total", rid, k, intramural, 0)
            put("rd_funds_government", rid, k,
                intramural * (gov_rd_share - 0.3 * k) / 100 * m.u(0.95, 1.05), 0)
            put("rd_researchers_fte", rid, k, res_per_10k * 1.05 ** k * pop_r * m.u(0.97, 1.03), 0)
            put("digital_policies", rid, k,
                float(int(policy_rate * (0.4 + 0.15 * k) * m.u(0.5, 1.5))), 0)
    return data, decimals


# Series that may lose cells (never a denominator: population, gdp, area_km2).
HOLES = ["broadband_users", "fibre_km", "mobile_traffic", "ecommerce_purchases",
         "tech_contract_inflow", "domain_names", "software_revenue", "hightech_revenue",
         "patent_grants_invention", "energy_consumption", "cpi_housing", "rd_researchers_fte",
         "gov_expenditure_science", "digital_policies"]


def punch_holes(m, data):
    """Marks ~2% of the cells of HOLES as missing: 'NA' in the files, or (in long.csv,
    every other hole) no row at all. Returns {(series, region, year): 'NA' | 'absent'}."""
    holes = {}
    for name in HOLES:
        for (rid, *_rest) in PROVINCES:
            for year in YEARS:
                if m.rng.random() < 0.02:
                    holes[(name, rid, year)] = "NA" if len(holes) % 2 == 0 else "absent"
    return holes


def write(path, lines, bom=False):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if bom:
            f.write("\ufeff")
        for line in lines:
            f.write(line + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    m = Model(SEED)
    data, decimals = build(m)
    holes = punch_holes(m, data)
    wide_names = [c for c, _h in WIDE_COLUMNS]
    long_names = [n for n in data if n not in wide_names]

    # display names: Chinese (name) and English (name_en); the id is the English name
    write(os.path.join(args.out, "regions.csv"),
          ["region,name,name_en,zone"] + ["%s,%s,%s,%s" % (p[0], p[1], p[0], p[2])
                                          for p in PROVINCES])
    write(os.path.join(args.out, "adjacency.csv"),
          ["region,neighbour"] + ["%s,%s" % pair for pair in BORDERS])

    lines = ["region,year,indicator,value"]
    for (rid, *_rest) in PROVINCES:
        for year in YEARS:
            for name in long_names:
                hole = holes.get((name, rid, year))
                if hole == "absent":
                    continue
                value = None if hole == "NA" else data[name][(rid, year)]
                lines.append("%s,%d,%s,%s" % (rid, year, name, fmt(value, decimals[name])))
    write(os.path.join(args.out, "long.csv"), lines)

    lines = [",".join(["地区", "年份"] + [h for _c, h in WIDE_COLUMNS])]
    for (rid, *_rest) in PROVINCES:
        for year in YEARS:
            cells = [rid, str(year)]
            for name in wide_names:
                value = None if (name, rid, year) in holes else data[name][(rid, year)]
                cells.append(fmt(value, decimals[name]))
            lines.append(",".join(cells))
    write(os.path.join(args.out, "institutional_wide.csv"), lines, bom=True)


if __name__ == "__main__":
    main()
