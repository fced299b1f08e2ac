//! The workspace: the business a Dealflow database belongs to.
use super::currency::Currency;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub business_name: String,
    /// Every amount in the workspace is in this currency.
    pub currency: Currency,
}
