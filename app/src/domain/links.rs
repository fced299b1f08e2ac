//! What a deal is linked to besides its pipeline: followers, contacts (one primary) and
//! companies, and the changes people make to those links.
use super::account::UserId;
use super::board::{ContactId, Named};
use super::company::CompanyId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkChange {
    Follower { user: UserId, linked: bool },
    Contact { contact: ContactId, linked: bool },
    PrimaryContact(ContactId),
    Company { company: CompanyId, linked: bool },
}

/// A contact linked to a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedContact {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub primary: bool,
}

/// Everything a deal is linked to, for its profile page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealLinks {
    pub followers: Vec<Named>,
    pub contacts: Vec<LinkedContact>,
    pub companies: Vec<Named>,
}
