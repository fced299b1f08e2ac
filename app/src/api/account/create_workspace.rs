use crate::api::AppError;
use leptos::prelude::*;

/// First run: creates the workspace and its admin, and signs the admin in. With `demo`
/// (a ticked checkbox) it also fills the workspace with demo data to explore.
#[server(endpoint = "account/create_workspace")]
pub async fn create_workspace(
    business_name: String,
    currency: String,
    name: String,
    email: String,
    password: String,
    demo: Option<String>,
) -> Result<(), AppError> {
    use crate::api::context::{back_with_error, begin_session, store};
    use crate::auth::password;
    use crate::domain::account::{DisplayName, EmailAddress, NewPassword, Role};
    use crate::domain::currency::Currency;
    use crate::store::users::NewUser;

    let result = async {
        let business = DisplayName::parse(&business_name)
            .map_err(|_| AppError::invalid("business_name", "Enter your business name."))?;
        let currency = Currency::parse(&currency).map_err(|e| AppError::invalid("currency", e))?;
        let admin_name = DisplayName::parse(&name)?;
        let email = EmailAddress::parse(&email)?;
        let new_password = NewPassword::parse(&password)?;
        let store = store()?;
        let password_hash = password::hash(new_password.expose().to_string())
            .await
            .map_err(|_| AppError::Server)?;
        let admin = NewUser {
            name: admin_name,
            email,
            password_hash,
            role: Role::Admin,
            only_assigned_data: false,
            must_change_password: false,
        };
        let user = store.create_workspace(&business, currency, &admin).await?;
        if demo.is_some() {
            crate::seed::seed_demo(&store, user.id).await?;
        }
        begin_session(&store, &user).await
    }
    .await;
    back_with_error(result, "/setup")
}
