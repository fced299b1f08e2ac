//! The words of generated data: companies and where they are, people, products, sources,
//! lost reasons, and what a sales team writes in its notes, calls, tasks and meetings;
//! with the small pieces made of them (a phone number, an address, one activity).
use crate::domain::account::UserId;
use crate::domain::activity::{ActivityDetails, CallOutcome, LocalDateTime, MeetingStatus};
use crate::domain::date::Date;
use rand::rngs::StdRng;
use rand::Rng;

pub const COMPANIES: [(&str, &str); 40] = [
    ("Globex", "globex.example"),
    ("Initech", "initech.example"),
    ("Umbrella", "umbrella.example"),
    ("Hooli", "hooli.example"),
    ("Pied Piper", "piedpiper.example"),
    ("Soylent", "soylent.example"),
    ("Stark Industries", "stark.example"),
    ("Wayne Enterprises", "wayne.example"),
    ("Wonka", "wonka.example"),
    ("Cyberdyne", "cyberdyne.example"),
    ("Tyrell", "tyrell.example"),
    ("Massive Dynamic", "massive.example"),
    ("Vandelay Industries", "vandelay.example"),
    ("Dunder Mifflin", "dundermifflin.example"),
    ("Bluth Company", "bluth.example"),
    ("Prestige Worldwide", "prestige.example"),
    ("Oscorp", "oscorp.example"),
    ("Gringotts", "gringotts.example"),
    ("Monarch Solutions", "monarch.example"),
    ("Northwind", "northwind.example"),
    ("Contoso", "contoso.example"),
    ("Fabrikam", "fabrikam.example"),
    ("Tailspin Toys", "tailspin.example"),
    ("Wide World Importers", "wideworld.example"),
    ("Adventure Works", "adventureworks.example"),
    ("Litware", "litware.example"),
    ("Proseware", "proseware.example"),
    ("Lamna Healthcare", "lamna.example"),
    ("Alpine Ski House", "alpineski.example"),
    ("Coho Winery", "coho.example"),
    ("Fourth Coffee", "fourthcoffee.example"),
    ("Graphic Design Institute", "gdi.example"),
    ("Margie's Travel", "margies.example"),
    ("Trey Research", "treyresearch.example"),
    ("Woodgrove Bank", "woodgrove.example"),
    ("Blue Yonder Airlines", "blueyonder.example"),
    ("City Power & Light", "cpandl.example"),
    ("Humongous Insurance", "humongous.example"),
    ("Lucerne Publishing", "lucerne.example"),
    ("Nod Publishers", "nod.example"),
];

pub const FIRST_NAMES: [&str; 24] = [
    "Ann", "Bruno", "Carla", "Deepa", "Emeka", "Farah", "Goran", "Hana", "Ivan", "Jia", "Kofi",
    "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor",
    "Wen", "Yara",
];

pub const LAST_NAMES: [&str; 20] = [
    "Lee",
    "Okafor",
    "Silva",
    "Novak",
    "Schmidt",
    "Haddad",
    "Tanaka",
    "Moreau",
    "Kowalski",
    "Nguyen",
    "Garcia",
    "Johansson",
    "Rossi",
    "Ibrahim",
    "Chen",
    "Murphy",
    "Patel",
    "Costa",
    "Larsen",
    "Sato",
];

pub const PRODUCTS: [&str; 10] = [
    "annual plan",
    "50 seats",
    "pilot",
    "expansion",
    "renewal",
    "onboarding package",
    "enterprise tier",
    "add-on modules",
    "support contract",
    "multi-year deal",
];

pub const SOURCES: [&str; 6] = [
    "Website",
    "Referral",
    "Webinar",
    "Trade show",
    "Cold outreach",
    "Partner",
];

pub const LOST_REASONS: [&str; 5] = [
    "Price too high",
    "Went with a competitor",
    "No budget",
    "No decision made",
    "Bad timing",
];

pub const STREETS: [&str; 10] = [
    "Market Street",
    "Harbor Way",
    "Elm Avenue",
    "Station Road",
    "King Street",
    "Mill Lane",
    "Park Boulevard",
    "Church Street",
    "Riverside Drive",
    "Commerce Parkway",
];

pub const CITIES: [&str; 10] = [
    "Austin, TX 78701",
    "Denver, CO 80202",
    "Portland, OR 97204",
    "Chicago, IL 60601",
    "Boston, MA 02110",
    "Atlanta, GA 30303",
    "Seattle, WA 98101",
    "Minneapolis, MN 55402",
    "Raleigh, NC 27601",
    "San Diego, CA 92101",
];

/// Notes; `{company}` becomes the deal's company.
pub const NOTES: [&str; 10] = [
    "Budget is approved for this quarter; {company} wants a phased rollout.",
    "Decision maker is the VP of Operations. Legal review usually takes two weeks.",
    "{company} is also looking at two competitors; price matters more than features.",
    "Champion is keen, but procurement needs three quotes before signing.",
    "They asked for a security questionnaire; sent it over to our team.",
    "Current contract with their old vendor ends next quarter, good timing.",
    "{company} is hiring fast; the seat count may grow by half within a year.",
    "Finance wants annual billing with a 30-day payment term.",
    "Met their new IT lead; she prefers single sign-on from day one.",
    "Pilot feedback from {company} was positive, two feature requests noted.",
];

pub const CALL_NOTES: [&str; 8] = [
    "Walked through pricing; they will loop in finance.",
    "Discussed the rollout timeline, aiming for next quarter.",
    "They asked for references from similar companies.",
    "Answered questions about data import and reporting.",
    "Agreed on next steps: demo for the wider team.",
    "Reviewed the proposal line by line; a discount was requested.",
    "Checked in after the pilot, they are happy so far.",
    "Clarified the contract terms with their legal team.",
];

pub const TASKS: [&str; 8] = [
    "Send the proposal",
    "Follow up on pricing questions",
    "Book a demo with the wider team",
    "Share two customer case studies",
    "Prepare the contract draft",
    "Check in after the pilot",
    "Send the security questionnaire",
    "Confirm the decision date",
];

/// Meeting titles; the company is added ("Product demo with Globex").
pub const MEETINGS: [&str; 5] = [
    "Product demo",
    "Discovery meeting",
    "Pricing review",
    "Kick-off planning",
    "Security review",
];

pub const MEETING_NOTES: [&str; 5] = [
    "Good turnout, five people from their side. They want a trial account.",
    "Went through the must-haves; two gaps, both on our roadmap.",
    "Agreed on pricing in principle, waiting for their sign-off.",
    "Mapped the rollout plan and owners on both sides.",
    "Their IT team is satisfied with our answers on data storage.",
];

pub fn pick(words: &[&'static str], rng: &mut StdRng) -> &'static str {
    words[rng.gen_range(0..words.len())]
}

pub fn phone(rng: &mut StdRng) -> String {
    format!("+1 555 {:04}", rng.gen_range(0..10_000))
}

pub fn address(rng: &mut StdRng) -> String {
    let number = rng.gen_range(1..=400);
    format!("{number} {}, {}", pick(&STREETS, rng), pick(&CITIES, rng))
}

/// A task for `owner` due on `due`.
pub fn task(due: Date, owner: UserId, done: bool, rng: &mut StdRng) -> ActivityDetails {
    ActivityDetails::Task {
        body: pick(&TASKS, rng).to_string(),
        due: Some(due),
        assignee: Some(owner),
        done,
    }
}

/// A note, call, done task or meeting logged on `day`.
pub fn logged(day: Date, owner: UserId, company: &str, rng: &mut StdRng) -> ActivityDetails {
    match rng.gen_range(0..100) {
        0..=29 => ActivityDetails::Note {
            body: pick(&NOTES, rng).replace("{company}", company),
        },
        30..=64 => {
            let outcome = match rng.gen_range(0..20) {
                0..=11 => CallOutcome::Connected,
                12..=15 => CallOutcome::LeftVoicemail,
                16..=18 => CallOutcome::NoAnswer,
                _ => CallOutcome::Busy,
            };
            let talked = outcome == CallOutcome::Connected;
            ActivityDetails::Call {
                outcome,
                minutes: if talked { rng.gen_range(5..=45) } else { 0 },
                notes: talked.then(|| pick(&CALL_NOTES, rng).to_string()),
            }
        }
        65..=87 => task(day.add_days(rng.gen_range(1..=5)), owner, true, rng),
        _ => {
            let status = if rng.gen_bool(0.85) {
                MeetingStatus::Completed
            } else {
                MeetingStatus::Cancelled
            };
            meeting(day, status, company, rng)
        }
    }
}

/// A half-hour or hour-long meeting in working hours on `day`.
pub fn meeting(
    day: Date,
    status: MeetingStatus,
    company: &str,
    rng: &mut StdRng,
) -> ActivityDetails {
    let starts = 9 * 60 + 30 * rng.gen_range(0..16);
    let ends = starts + 30 * rng.gen_range(1..=2);
    let at = |minutes| LocalDateTime { date: day, minutes };
    ActivityDetails::Meeting {
        title: format!("{} with {company}", pick(&MEETINGS, rng)),
        starts: at(starts),
        ends: at(ends),
        notes: (status == MeetingStatus::Completed).then(|| pick(&MEETING_NOTES, rng).to_string()),
        status,
    }
}
