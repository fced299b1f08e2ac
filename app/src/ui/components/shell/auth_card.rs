use leptos::prelude::*;

/// The centred card of the pages seen before signing in (and of the not-found page).
#[component]
pub fn AuthCard(
    title: &'static str,
    #[prop(optional)] wide: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="auth-page">
            <section class=if wide { "auth-card auth-card-wide" } else { "auth-card" } aria-labelledby="auth-title">
                <p class="brand auth-brand">
                    <span class="brand-mark" aria-hidden="true">"D"</span>
                    <span class="brand-name">"Dealflow"</span>
                </p>
                <h1 id="auth-title">{title}</h1>
                {children()}
            </section>
        </div>
    }
}
