//! Roles over HTTP, on both engines: a settings page shows its form only to the roles that
//! may use it (others get 403 and who can), and the server still refuses their calls.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::on_each_engine;

/// A settings page, who may use it, and text only its form has.
struct SettingsPage {
    path: &'static str,
    admins_only: bool,
    form: &'static str,
}

const PAGES: [SettingsPage; 4] = [
    SettingsPage {
        path: "/users",
        admins_only: true,
        form: ">Add user<",
    },
    SettingsPage {
        path: "/settings/fields",
        admins_only: true,
        form: ">Add a field<",
    },
    SettingsPage {
        path: "/settings/opportunities",
        admins_only: true,
        form: ">Save settings<",
    },
    SettingsPage {
        path: "/settings/pipelines",
        admins_only: false,
        form: ">New pipeline<",
    },
];

const REFUSAL: &str = "Not part of your role";

/// Dana (admin), then a manager, a user, and a user with `Only assigned data`, with their
/// role and whether it configures pipelines.
async fn team(client: &Client) -> Vec<(String, &'static str, bool)> {
    let dana = client.create_workspace("Acme").await;
    let mut team = vec![(dana.clone(), "admin", true)];
    for (cookie, role, _) in client.teammates(&dana).await {
        team.push((cookie, role, role == "manager"));
    }
    team
}

fn refused(reply: &common::http::Reply) -> bool {
    !reply.status.is_success() && reply.body.contains("Forbidden")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn settings_pages_show_their_forms_only_to_roles_that_may_use_them() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        for (cookie, role, configures) in team(&client).await {
            for page in &PAGES {
                let allowed = if page.admins_only {
                    role == "admin"
                } else {
                    configures
                };
                let reply = client.page(page.path, &cookie).await;
                let seen = format!("{role} on {}: {}", page.path, reply.status);
                if allowed {
                    assert_eq!(reply.status, StatusCode::OK, "{seen}");
                    assert!(reply.body.contains(page.form), "{seen}: no form");
                    assert!(!reply.body.contains(REFUSAL), "{seen}: refused");
                } else {
                    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{seen}");
                    assert!(reply.body.contains(REFUSAL), "{seen}: no refusal");
                    assert!(
                        !reply.body.contains(page.form),
                        "{seen}: a form it cannot use"
                    );
                }
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_refuses_what_the_screens_hide_and_nothing_changes() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let team = team(&client).await;
        let dana = team[0].0.clone();
        let users_before = client.call("users/list", &dana, &[]).await.body;
        let settings_before = client.call("settings/screen", &dana, &[]).await.body;
        let admin_calls: [(&str, &[(&str, &str)]); 9] = [
            ("users/list", &[]),
            (
                "users/add",
                &[
                    ("name", "Sneaky"),
                    ("email", "sneaky@acme.test"),
                    ("role", "admin"),
                    ("temporary_password", "temporary pass 1"),
                ],
            ),
            (
                "users/update_access",
                &[
                    ("id", "1"),
                    ("role", "user"),
                    ("only_assigned_data", "true"),
                ],
            ),
            ("users/set_active", &[("id", "1"), ("active", "false")]),
            (
                "custom-fields/add",
                &[
                    ("entity", "opportunity"),
                    ("label", "Seats"),
                    ("kind", "number"),
                    ("options", ""),
                ],
            ),
            ("custom-fields/delete", &[("id", "1")]),
            ("settings/screen", &[]),
            (
                "settings/opportunities/save",
                &[("lost_reasons", "Nobody asked")],
            ),
            (
                "settings/workflows/save",
                &[
                    ("time_zone", "Asia/Tokyo"),
                    ("depth_limit", "20"),
                    ("hourly_entries", "1000"),
                    ("log_days", "1"),
                ],
            ),
        ];
        let pipeline_calls: [(&str, &[(&str, &str)]); 3] = [
            ("pipelines/set_up", &[]),
            ("pipelines/create", &[("name", "Renewals")]),
            ("pipelines/settings", &[]),
        ];
        for (cookie, role, configures) in &team[1..] {
            for (endpoint, form) in admin_calls {
                let reply = client.call(endpoint, cookie, form).await;
                assert!(
                    refused(&reply),
                    "{role} called {endpoint}: {} {}",
                    reply.status,
                    reply.body
                );
            }
            for (endpoint, form) in pipeline_calls.iter().filter(|_| !configures) {
                let reply = client.call(endpoint, cookie, form).await;
                assert!(
                    refused(&reply),
                    "{role} called {endpoint}: {} {}",
                    reply.status,
                    reply.body
                );
            }
        }
        assert_eq!(
            client.call("users/list", &dana, &[]).await.body,
            users_before
        );
        assert_eq!(
            client.call("settings/screen", &dana, &[]).await.body,
            settings_before
        );
        assert_eq!(
            client.call("custom-fields/list", &dana, &[]).await.body,
            "[]"
        );
        assert_eq!(
            client.call("pipelines/settings", &dana, &[]).await.body,
            "[]"
        );
    })
    .await;
}
