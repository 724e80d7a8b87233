/// The facts of the Unified Code for Units of Measure that Pathway encodes.
///
/// Source: *The Unified Code for Units of Measure*, version 2.2 (2024-06-17), Regenstrief Institute
/// and the UCUM Organization, `ucum-essence.xml` (github.com/ucum-org/ucum, commit d060c6d):
/// the `<prefix>` table (UCUM §2.3, Table 1 "prefixes"), the `<base-unit>` table (§4.1, Table 2)
/// and the `<unit>` table (§4.2–4.5, Tables 3–19). Each row below carries the case-sensitive code
/// (`Code`), whether it is metric (`isMetric`, which allows prefixes), and its definition: the
/// `value` and the defining unit term (`<value Unit="…" value="…">`), exactly as the essence file
/// states them. Definitions are evaluated by the same parser that reads users' units, so every
/// factor is the exact product of the cited decimals.
///
/// A clinical subset is encoded (SI, time, volume, mass, pressure, clinical, chemical and
/// arbitrary units, customary length and mass). Three deliberate departures from UCUM, documented
/// in docs/language.md ("Units"):
/// - `mol` is a base dimension (amount of substance) instead of `6.02214076 × 10^23`, so a count
///   such as `10*9/L` never silently converts to `nmol/L`;
/// - each arbitrary unit (`isArbitrary="yes"`: `[iU]`, `[arb'U]`, …) is a dimension of its own, as
///   UCUM §4.3 says they are not comparable to any other unit;
/// - annotations (`{1.73_m2}`) must agree for two units to convert (UCUM ignores them), so
///   `mL/min` never silently becomes `mL/min/{1.73_m2}`.
enum UCUMTables {
    /// Table 1 (prefixes): code and the power of ten (`value="1e…"`). The binary prefixes
    /// (`Ki`, `Mi`, …) are not encoded.
    static let prefixes: [(code: String, power: Int)] = [
        ("Y", 24), ("Z", 21), ("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("h", 2),
        ("da", 1), ("d", -1), ("c", -2), ("m", -3), ("u", -6), ("n", -9), ("p", -12), ("f", -15),
        ("a", -18), ("z", -21), ("y", -24),
    ]

    /// Table 2 (base units), plus `mol` (see above). Index order is the dimension vector's order.
    static let baseUnits: [(code: String, name: String)] = [
        ("m", "length"), ("s", "time"), ("g", "mass"), ("rad", "plane angle"), ("K", "temperature"),
        ("C", "electric charge"), ("cd", "luminous intensity"), ("mol", "amount of substance"),
    ]

    /// What a row of the unit table is.
    enum Kind {
        /// `value × unit`, a ratio-scale unit.
        case defined(value: String, unit: String)
        /// An arbitrary unit (`isArbitrary="yes"`): a dimension of its own.
        case arbitrary
        /// A special (non-ratio) unit such as `Cel` or `[pH]`: it converts to nothing but itself
        /// and cannot be combined with other units.
        case special
    }

    /// Tables 3–19 (a subset): code, whether metric, definition. In the essence file's order, so
    /// each definition uses only rows above it.
    static let units: [(code: String, metric: Bool, kind: Kind)] = [
        // Table 3, dimensionless
        ("10*", false, .defined(value: "10", unit: "1")),
        ("10^", false, .defined(value: "10", unit: "1")),
        ("%", false, .defined(value: "1", unit: "10*-2")),
        ("[ppth]", false, .defined(value: "1", unit: "10*-3")),
        ("[ppm]", false, .defined(value: "1", unit: "10*-6")),
        ("[ppb]", false, .defined(value: "1", unit: "10*-9")),
        // Table 4, SI units
        ("sr", true, .defined(value: "1", unit: "rad2")),
        ("Hz", true, .defined(value: "1", unit: "s-1")),
        ("N", true, .defined(value: "1", unit: "kg.m/s2")),
        ("Pa", true, .defined(value: "1", unit: "N/m2")),
        ("J", true, .defined(value: "1", unit: "N.m")),
        ("W", true, .defined(value: "1", unit: "J/s")),
        ("A", true, .defined(value: "1", unit: "C/s")),
        ("V", true, .defined(value: "1", unit: "J/C")),
        ("Ohm", true, .defined(value: "1", unit: "V/A")),
        ("S", true, .defined(value: "1", unit: "Ohm-1")),
        ("Cel", true, .special),
        ("Bq", true, .defined(value: "1", unit: "s-1")),
        ("Gy", true, .defined(value: "1", unit: "J/kg")),
        ("Sv", true, .defined(value: "1", unit: "J/kg")),
        // Table 5, other units from ISO 1000
        ("l", true, .defined(value: "1", unit: "dm3")),
        ("L", true, .defined(value: "1", unit: "l")),
        ("ar", true, .defined(value: "100", unit: "m2")),
        ("min", false, .defined(value: "60", unit: "s")),
        ("h", false, .defined(value: "60", unit: "min")),
        ("d", false, .defined(value: "24", unit: "h")),
        ("a_t", false, .defined(value: "365.24219", unit: "d")),
        ("a_j", false, .defined(value: "365.25", unit: "d")),
        ("a_g", false, .defined(value: "365.2425", unit: "d")),
        ("a", false, .defined(value: "1", unit: "a_j")),
        ("wk", false, .defined(value: "7", unit: "d")),
        ("mo_s", false, .defined(value: "29.53059", unit: "d")),
        ("mo_j", false, .defined(value: "1", unit: "a_j/12")),
        ("mo_g", false, .defined(value: "1", unit: "a_g/12")),
        ("mo", false, .defined(value: "1", unit: "mo_j")),
        ("t", true, .defined(value: "1e3", unit: "kg")),
        ("bar", true, .defined(value: "1e5", unit: "Pa")),
        // Table 6, natural units (the ones that are exact and clinical)
        ("atm", false, .defined(value: "101325", unit: "Pa")),
        // Table 7, international customary units
        ("[in_i]", false, .defined(value: "254e-2", unit: "cm")),
        ("[ft_i]", false, .defined(value: "12", unit: "[in_i]")),
        ("[yd_i]", false, .defined(value: "3", unit: "[ft_i]")),
        ("[mi_i]", false, .defined(value: "5280", unit: "[ft_i]")),
        // Table 12, avoirdupois weights
        ("[gr]", false, .defined(value: "64.79891", unit: "mg")),
        ("[lb_av]", false, .defined(value: "7000", unit: "[gr]")),
        ("[oz_av]", false, .defined(value: "1", unit: "[lb_av]/16")),
        ("[stone_av]", false, .defined(value: "14", unit: "[lb_av]")),
        // Table 15, units of heat
        ("[degF]", false, .special),
        ("cal_th", true, .defined(value: "4.184", unit: "J")),
        ("cal", true, .defined(value: "1", unit: "cal_th")),
        ("[Cal]", false, .defined(value: "1", unit: "kcal_th")),
        // Table 16, units used predominantly in clinical medicine
        ("m[H2O]", true, .defined(value: "980665e-5", unit: "kPa")),
        ("m[Hg]", true, .defined(value: "133.3220", unit: "kPa")),
        ("[drp]", false, .defined(value: "1", unit: "ml/20")),
        ("[MET]", false, .defined(value: "3.5", unit: "mL/min/kg")),
        ("[hnsf'U]", false, .arbitrary),
        // Table 17, chemical and biochemical units
        ("eq", true, .defined(value: "1", unit: "mol")),
        ("osm", true, .defined(value: "1", unit: "mol")),
        ("[pH]", false, .special),
        ("g%", true, .defined(value: "1", unit: "g/dl")),
        ("[HPF]", false, .defined(value: "1", unit: "1")),
        ("[LPF]", false, .defined(value: "100", unit: "1")),
        ("kat", true, .defined(value: "1", unit: "mol/s")),
        ("U", true, .defined(value: "1", unit: "umol/min")),
        ("[iU]", true, .arbitrary),
        ("[IU]", true, .defined(value: "1", unit: "[iU]")),
        ("[arb'U]", false, .arbitrary),
        ("[USP'U]", false, .arbitrary),
        ("[GPL'U]", false, .arbitrary),
        ("[MPL'U]", false, .arbitrary),
        ("[APL'U]", false, .arbitrary),
        ("[beth'U]", false, .arbitrary),
        ("[anti'Xa'U]", false, .arbitrary),
        ("[todd'U]", false, .arbitrary),
        ("[CFU]", false, .arbitrary),
        ("[PFU]", false, .arbitrary),
        ("[FEU]", false, .arbitrary),
        ("[ELU]", false, .arbitrary),
        ("[EU]", false, .arbitrary),
    ]

    /// Pathway's long spellings, accepted where a unit is written and kept as written (the
    /// language has always accepted them): each stands for the UCUM code beside it.
    static let aliases: [(spelling: String, code: String)] = [
        ("day", "d"), ("days", "d"), ("week", "wk"), ("weeks", "wk"),
        ("month", "mo"), ("months", "mo"), ("year", "a"), ("years", "a"),
        ("hour", "h"), ("hours", "h"),
    ]
}
