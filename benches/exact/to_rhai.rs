//! The collective facts as rhai values for `benches/collective.rhai`: maps,
//! arrays, strings, booleans and Decimals (every number, so the script's
//! arithmetic is all Decimal). Converted once, outside the timed loop.

use super::on_number::reference::collective::{CaseFile, Category, Facts, Level};
use super::on_number::reference::{Commendation, Dec, Deduction};
use rhai::{Array, Dynamic, Map};
use rust_decimal::Decimal;

fn number(value: impl ToString) -> Dynamic {
    Dynamic::from_decimal(Decimal::from_str_exact(&value.to_string()).unwrap())
}

fn exact(value: &Dec) -> Dynamic {
    number(value.0 .0.to_exact_string())
}

fn map<const N: usize>(entries: [(&str, Dynamic); N]) -> Dynamic {
    let mut map = Map::new();
    for (key, value) in entries {
        map.insert(key.into(), value);
    }
    Dynamic::from_map(map)
}

fn list<T>(items: &[T], each: impl Fn(&T) -> Dynamic) -> Dynamic {
    Dynamic::from_array(items.iter().map(each).collect::<Array>())
}

fn text(value: &str) -> Dynamic {
    Dynamic::from(value.to_string())
}

fn flag(value: bool) -> Dynamic {
    Dynamic::from_bool(value)
}

fn commendation(c: &Commendation) -> Dynamic {
    map([("action", text(&c.action)), ("points", exact(&c.points))])
}

fn deduction(d: &Deduction) -> Dynamic {
    map([("reason", text(&d.reason)), ("points", exact(&d.points))])
}

fn case_file(f: &CaseFile) -> Dynamic {
    let category = match f.category {
        Category::General => "general",
        Category::FourMeasures => "four_measures",
        Category::InspectionAudit => "inspection_audit",
    };
    map([
        ("case_no", text(&f.case_no)),
        ("category", text(category)),
        ("score", exact(&f.score)),
        ("disclosed", flag(f.disclosed)),
    ])
}

pub fn facts(facts: &Facts) -> Dynamic {
    let p = &facts.province;
    let province = map([
        ("cases_total", number(p.cases_total)),
        ("fines_total", exact(&p.fines_total)),
        ("major_cases_total", number(p.major_cases_total)),
        ("key_units_total", number(p.key_units_total)),
        (
            "industrial_emissions_total",
            exact(&p.industrial_emissions_total),
        ),
    ]);
    let cities = list(&facts.cities, |city| {
        map([
            ("name", text(&city.name)),
            (
                "key_units_list_published",
                flag(city.key_units_list_published),
            ),
        ])
    });
    let candidates = list(&facts.candidates, |c| {
        let level = match c.level {
            Level::City => "city",
            Level::County => "county",
        };
        let (s, t, d) = (&c.supervision, &c.team, &c.daily);
        let (m, f) = (&d.major_cases, &d.filing);
        let supervision = map([
            ("commendations", list(&s.commendations, commendation)),
            ("deductions", list(&s.deductions, deduction)),
            ("integrity_violation", flag(s.integrity_violation)),
        ]);
        let mobile = map([
            ("connected", flag(t.mobile.connected)),
            ("daily_inspections", number(t.mobile.daily_inspections)),
            (
                "double_random_inspections",
                number(t.mobile.double_random_inspections),
            ),
        ]);
        let team = map([
            ("rewards_system", exact(&t.rewards_system)),
            ("safety_system", exact(&t.safety_system)),
            ("accountability_system", exact(&t.accountability_system)),
            ("mobile", mobile),
        ]);
        let case_files = map([
            ("recommended", list(&c.case_files.recommended, case_file)),
            ("random", list(&c.case_files.random, case_file)),
        ]);
        let major_cases = map([
            ("seizure", number(m.seizure)),
            ("production_limit", number(m.production_limit)),
            ("daily_penalty", number(m.daily_penalty)),
            ("criminal_transfer", number(m.criminal_transfer)),
            ("detention_transfer", number(m.detention_transfer)),
        ]);
        let filing = map([
            ("untrue_cases", number(f.untrue_cases)),
            ("late_reports", number(f.late_reports)),
            ("fill_rate", exact(&f.fill_rate)),
            ("corrections", number(f.corrections)),
            ("mee_criticisms", number(f.mee_criticisms)),
        ]);
        let daily = map([
            ("key_units", number(d.key_units)),
            ("industrial_emissions", exact(&d.industrial_emissions)),
            ("cases", number(d.cases)),
            ("fines", exact(&d.fines)),
            ("major_cases", major_cases),
            ("filing", filing),
            ("commendations", list(&d.commendations, exact)),
            ("adopted_typical_cases", number(d.adopted_typical_cases)),
        ]);
        map([
            ("id", text(&c.id)),
            ("level", text(level)),
            ("city", text(&c.city)),
            ("supervision", supervision),
            ("team", team),
            ("case_files", case_files),
            ("daily", daily),
            (
                "satisfaction",
                map([("votes", number(c.satisfaction.votes))]),
            ),
        ])
    });
    map([
        ("province", province),
        ("cities", cities),
        ("candidates", candidates),
    ])
}
