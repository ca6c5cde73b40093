//! Hebrew vocabularies of the demo town. Every string here must be encodable in windows-1255
//! (Hebrew letters and ASCII punctuation only; a unit test checks this).

/// Welfare.
pub const DEPT_WELFARE: usize = 0;
/// Education.
pub const DEPT_EDUCATION: usize = 1;
/// Youth.
pub const DEPT_YOUTH: usize = 2;
/// Senior citizens.
pub const DEPT_SENIORS: usize = 3;
/// Emergency.
pub const DEPT_EMERGENCY: usize = 4;
/// Culture.
pub const DEPT_CULTURE: usize = 5;

/// Municipal departments, indexed by the `DEPT_*` constants.
pub const DEPARTMENTS: [&str; 6] = ["רווחה", "חינוך", "נוער", "אזרחים ותיקים", "חירום", "תרבות"];

/// Approval statuses as written in the log.
pub const STATUS_APPROVED: &str = "מאושר";
/// Pending.
pub const STATUS_PENDING: &str = "ממתין";
/// Rejected.
pub const STATUS_REJECTED: &str = "נדחה";

/// An organisation and the departments it works with.
pub struct Org {
    /// Name as written in the log (some contain a comma or a double quote).
    pub name: &'static str,
    /// Departments (indices into [`DEPARTMENTS`]).
    pub departments: &'static [usize],
}

const W: usize = DEPT_WELFARE;
const E: usize = DEPT_EDUCATION;
const Y: usize = DEPT_YOUTH;
const S: usize = DEPT_SENIORS;
const X: usize = DEPT_EMERGENCY;
const C: usize = DEPT_CULTURE;

/// 26 fictional but realistic organisations. Five contain a double quote (Hebrew acronyms and
/// quoted proper names are written with `"` in practice) and three contain a comma, so RFC 4180
/// quoting is exercised on ordinary rows.
pub const ORGS: &[Org] = &[
    Org {
        name: "עמותת \"יד ביד\"",
        departments: &[W, S],
    },
    Org {
        name: "מרכז קהילתי, שכונה ג'",
        departments: &[C, Y, S],
    },
    Org {
        name: "מרכז קהילתי הדר",
        departments: &[C, Y],
    },
    Org {
        name: "בית חם לקשיש",
        departments: &[S],
    },
    Org {
        name: "עמותת \"שולחן ערוך\" לחלוקת מזון",
        departments: &[W, X],
    },
    Org {
        name: "מועדון גמלאים \"עוגן\"",
        departments: &[S, C],
    },
    Org {
        name: "תנועת נוער צעדים",
        departments: &[Y],
    },
    Org {
        name: "מרכז הצעירים העירוני",
        departments: &[Y, E],
    },
    Org {
        name: "בית הספר היסודי אלון",
        departments: &[E],
    },
    Org {
        name: "בית הספר התיכון המקיף",
        departments: &[E, Y],
    },
    Org {
        name: "מרכז למידה, ספריה ומחשבים",
        departments: &[E, C],
    },
    Org {
        name: "פרויקט חונכות אקדמית",
        departments: &[E, Y],
    },
    Org {
        name: "צוות חירום יישובי",
        departments: &[X],
    },
    Org {
        name: "כיתת כוננות אזרחית",
        departments: &[X],
    },
    Org {
        name: "מרכז חוסן קהילתי",
        departments: &[X, W],
    },
    Org {
        name: "בנק המזון המקומי",
        departments: &[W],
    },
    Org {
        name: "מחלקת הרווחה העירונית",
        departments: &[W, S],
    },
    Org {
        name: "שירות ליווי לבית החולים",
        departments: &[W, S],
    },
    Org {
        name: "עמותת שכנים טובים",
        departments: &[S, W],
    },
    Org {
        name: "מרכז יום לקשיש",
        departments: &[S],
    },
    Org {
        name: "תיאטרון הקהילה",
        departments: &[C],
    },
    Org {
        name: "הספריה העירונית",
        departments: &[C, E],
    },
    Org {
        name: "מוזיאון העיר",
        departments: &[C],
    },
    Org {
        name: "אגודת ידידי הפארק, גנים ונוף",
        departments: &[C],
    },
    Org {
        name: "מתנ\"ס מזרח",
        departments: &[C, Y, S],
    },
    Org {
        name: "בית תמחוי \"לב פתוח\"",
        departments: &[W],
    },
];

/// A role and its typical session length.
pub struct Role {
    /// Name as written in the log.
    pub name: &'static str,
    /// Departments in which the role exists.
    pub departments: &'static [usize],
    /// Median session length in hours (the session length is log-normal around it).
    pub median_hours: f64,
}

/// 13 roles.
pub const ROLES: &[Role] = &[
    Role {
        name: "חונך",
        departments: &[E, Y, W],
        median_hours: 1.5,
    },
    Role {
        name: "ביקורי בית",
        departments: &[S, W],
        median_hours: 1.5,
    },
    Role {
        name: "שיחות טלפון",
        departments: &[S, X, W],
        median_hours: 0.75,
    },
    Role {
        name: "סיוע בשיעורי בית",
        departments: &[E],
        median_hours: 1.25,
    },
    Role {
        name: "חלוקת מזון",
        departments: &[W, X],
        median_hours: 3.0,
    },
    Role {
        name: "ליווי רפואי",
        departments: &[S, W],
        median_hours: 2.5,
    },
    Role {
        name: "הדרכת נוער",
        departments: &[Y],
        median_hours: 2.0,
    },
    Role {
        name: "הפעלת חוג",
        departments: &[C, Y, S],
        median_hours: 1.5,
    },
    Role {
        name: "סיוע בקניות",
        departments: &[S],
        median_hours: 1.5,
    },
    Role {
        name: "כונן חירום",
        departments: &[X],
        median_hours: 4.0,
    },
    Role {
        name: "הדרכת סיורים",
        departments: &[C],
        median_hours: 2.0,
    },
    Role {
        name: "עזרה במשרד",
        departments: &[W, E, C, X],
        median_hours: 3.0,
    },
    Role {
        name: "הקראת סיפורים",
        departments: &[E, C, S],
        median_hours: 1.0,
    },
];

/// The twelve neighbourhoods of the demo town, with their population profile.
pub struct Hood {
    /// Name.
    pub name: &'static str,
    /// Approximate number of residents.
    pub residents: u32,
    /// Age profile (see `population.rs`).
    pub profile: AgeProfile,
}

/// Age structure of a neighbourhood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeProfile {
    /// Town average.
    Mixed,
    /// Older, established neighbourhood.
    Older,
    /// New neighbourhood of young families.
    Young,
    /// Arab neighbourhood: younger age structure.
    Arab,
}

/// Neighbourhoods; residents add up to about 30,000.
pub const HOODS: &[Hood] = &[
    Hood {
        name: "מרכז העיר",
        residents: 4200,
        profile: AgeProfile::Older,
    },
    Hood {
        name: "נווה שאנן",
        residents: 3100,
        profile: AgeProfile::Mixed,
    },
    Hood {
        name: "רמת הדר",
        residents: 2900,
        profile: AgeProfile::Mixed,
    },
    Hood {
        name: "גבעת האלונים",
        residents: 3300,
        profile: AgeProfile::Young,
    },
    Hood {
        name: "שכונה ג'",
        residents: 2200,
        profile: AgeProfile::Older,
    },
    Hood {
        name: "הדקלים",
        residents: 1800,
        profile: AgeProfile::Mixed,
    },
    Hood {
        name: "נאות רחל",
        residents: 2600,
        profile: AgeProfile::Young,
    },
    Hood {
        name: "קריית הפרחים",
        residents: 1500,
        profile: AgeProfile::Older,
    },
    Hood {
        name: "הרכס",
        residents: 2100,
        profile: AgeProfile::Young,
    },
    Hood {
        name: "העיר העתיקה",
        residents: 1300,
        profile: AgeProfile::Older,
    },
    Hood {
        name: "אל-נור",
        residents: 2700,
        profile: AgeProfile::Arab,
    },
    Hood {
        name: "אל-זיתון",
        residents: 2300,
        profile: AgeProfile::Arab,
    },
];

/// Genders in the registry (blank cells are added separately).
pub const GENDERS: [&str; 4] = ["נקבה", "זכר", "אחר", "מעדיף/ה לא לומר"];
/// Population groups in the registry.
pub const GROUPS: [&str; 3] = ["יהודי", "ערבי", "אחר"];
/// Reasons for leaving.
pub const LEAVE_REASONS: [&str; 5] = [
    "מעבר דירה",
    "חוסר זמן",
    "סיבות בריאותיות",
    "מצא עבודה",
    "אחר",
];

/// Age bands of population.csv.
pub const AGE_BANDS: [&str; 6] = ["0-17", "18-34", "35-49", "50-64", "65-74", "75+"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_log_string_is_windows_1255() {
        let mut all: Vec<&str> = DEPARTMENTS.to_vec();
        all.extend([STATUS_APPROVED, STATUS_PENDING, STATUS_REJECTED]);
        all.extend(ORGS.iter().map(|o| o.name));
        all.extend(ROLES.iter().map(|r| r.name));
        for s in all {
            let (_, _, errors) = encoding_rs::WINDOWS_1255.encode(s);
            assert!(!errors, "{s} is not windows-1255");
        }
    }

    #[test]
    fn every_department_has_orgs_and_roles() {
        for d in 0..DEPARTMENTS.len() {
            assert!(ORGS.iter().any(|o| o.departments.contains(&d)));
            assert!(ROLES.iter().any(|r| r.departments.contains(&d)));
        }
        let total: u32 = HOODS.iter().map(|h| h.residents).sum();
        assert!((29_000..=31_000).contains(&total), "{total}");
    }
}
