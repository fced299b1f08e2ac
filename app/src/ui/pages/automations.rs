//! `/automations` (the Automation list) and `/automations/{id}` (the builder). Lazy
//! routes: the browser downloads their code only when an admin opens one, so the bundle
//! a rep loads for the board does not carry it (`cargo leptos build --split`).
use crate::domain::account::Role;
use crate::ui::components::automation::{AutomationBuilder, AutomationList};
use crate::ui::components::shell::Permitted;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use leptos_router::{lazy_route, LazyRoute};

const ADMINS_ONLY: &str =
    "Only admins build and publish automations. Ask an admin of your workspace to add one.";

pub struct AutomationsPage;

#[lazy_route]
impl LazyRoute for AutomationsPage {
    fn data() -> Self {
        AutomationsPage
    }

    fn view(this: Self) -> AnyView {
        let AutomationsPage = this;
        view! {
            <Title text="Automation" />
            <Permitted
                allowed=Role::can_manage_users
                title="Automation"
                reason=ADMINS_ONLY
            >
                <AutomationList />
            </Permitted>
        }
        .into_any()
    }
}

/// The builder of the workflow whose id is in the address.
pub struct AutomationPage {
    /// 0 when the address holds no number: no workflow has it, so the page says so.
    id: i64,
}

#[lazy_route]
impl LazyRoute for AutomationPage {
    fn data() -> Self {
        let params = use_params_map();
        AutomationPage {
            id: params.with_untracked(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0)),
        }
    }

    fn view(this: Self) -> AnyView {
        let id = this.id;
        view! {
            <Permitted allowed=Role::can_manage_users title="Automation" reason=ADMINS_ONLY>
                <AutomationBuilder id />
            </Permitted>
        }
        .into_any()
    }
}
