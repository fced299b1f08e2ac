use crate::api::AppError;
use leptos::prelude::*;

#[server(endpoint = "account/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::api::context::{end_session, store};
    end_session(&store()?).await
}
